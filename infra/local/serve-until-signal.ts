/*
 * How a local stand-in runs as a process of its own (infra/local/*-main.ts): started by `start`,
 * closed on SIGINT or SIGTERM; a failure to start ends the process with its error.
 */

/** Runs `start`, then closes what it started on a signal and exits (1 when closing fails). */
export function serveUntilSignal(start: () => Promise<{ close(): Promise<void> }>): void {
  start().then(
    (server) => {
      const stop = (): void => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
