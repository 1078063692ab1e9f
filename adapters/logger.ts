import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** JSON lines (for a log collector), one human-readable line per event, or pretty on a terminal and JSON otherwise. */
export const LOG_FORMATS = ['json', 'pretty', 'auto'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** pino's levels, and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LogSettings {
  /** LOG_LEVEL: fatal … trace, or silent. */
  level: string;
  format: LogFormat;
  /** A file to append to (default: standard error). */
  file?: string;
  /** Also told each warning and error, as one short line naming where the details are (the demo's terminal). */
  warnings?: (line: string) => void;
}

const LEVEL_NAMES: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };

/** A stream that turns each JSON log line into `warning: <message> (<where>)`. */
function shortLines(where: string, say: (line: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const event = JSON.parse(chunk.toString('utf8')) as { level: number; msg?: string; error?: unknown };
      const reason = event.error === undefined ? '' : `: ${String(event.error).split('\n')[0]!.slice(0, 160)}`;
      say(`${LEVEL_NAMES[event.level] ?? 'warning'}: ${event.msg ?? ''}${reason} (details in ${where})`);
      done();
    },
  });
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
  const dest = settings.file ?? 2;
  const main = human
    ? pretty({
        destination: dest,
        sync: true,
        mkdir: true,
        append: true,
        singleLine: true,
        colorize: terminal,
        ignore: 'pid,hostname',
        // An error's stack on lines of its own would break one line per event.
        errorLikeObjectKeys: [],
        translateTime: 'SYS:HH:MM:ss.l',
      })
    : pino.destination({ dest, sync: true, mkdir: true, append: true });
  if (!settings.warnings) return pino(options, main);
  const where = settings.file ?? 'standard error';
  return pino(
    options,
    pino.multistream([
      { level: settings.level as pino.Level, stream: main },
      { level: 'warn', stream: shortLines(where, settings.warnings) },
    ]),
  );
}
