import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** JSON lines (for a log collector), one human-readable line per event, or pretty on a terminal and JSON otherwise. */
export const LOG_FORMATS = ['json', 'pretty', 'auto'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogSettings {
  /** LOG_LEVEL: fatal … trace, or silent. */
  level: string;
  format: LogFormat;
  /** A file to append to (default: standard error). */
  file?: string;
}

/**
 * The one way BuzzTracker's processes make a logger: pino, synchronous (a crashing worker's last
 * lines are not lost), to standard error or a file. Pretty lines are one per event, without the
 * process id and host every line would repeat; colours only on a terminal.
 */
export function createLogger(settings: LogSettings): Logger {
  const options = { level: settings.level, base: { pid: process.pid } };
  const terminal = settings.file === undefined && process.stderr.isTTY === true;
  const human = settings.format === 'pretty' || (settings.format === 'auto' && terminal);
  const destination = settings.file ?? 2;
  return human
    ? pino(
        options,
        pretty({
          destination,
          sync: true,
          mkdir: true,
          append: true,
          singleLine: true,
          colorize: terminal,
          ignore: 'pid,hostname',
          translateTime: 'SYS:HH:MM:ss.l',
        }),
      )
    : pino(options, pino.destination({ dest: destination, sync: true, mkdir: true, append: true }));
}
