import type { LaunchSpec } from './processes';

/** One real server of the local stack, as `stack up|down|status` sees it. */
export interface LocalService {
  readonly name: string;
  /** Set when the configuration points this service elsewhere: the stack then only checks it. */
  readonly externalBecause?: string;
  /** The loopback port the local server listens on (checked for conflicts before a start). */
  readonly port: number;
  /** Where users and clients reach it, for the printed summary. */
  readonly endpoints: Record<string, string>;
  readonly readyTimeoutMs: number;
  isHealthy(): Promise<boolean>;
  /** Installs what is missing (fast when installed) and says how to start the server. */
  prepare(log: (line: string) => void): Promise<LaunchSpec>;
  /** Set-up that needs the running server (users, keys); runs after every up, so it must be idempotent. */
  afterHealthy?(log: (line: string) => void): Promise<void>;
  /** The environment variables that point BuzzTracker at this service (secured services only). */
  clientEnv?(): Record<string, string>;
}
