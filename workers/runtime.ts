import { Runtime, type LogLevel, type LogMetadata, type Logger as SdkLogger } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createLogger, type LogSettings } from '../adapters/logger';
import { PAGEVIEWS_QUEUE_SUFFIX } from '../contracts/pageviews';
import { SHOWS_QUEUE_SUFFIX } from '../contracts/shows';

export interface RuntimeSettings extends LogSettings {
  /** Where the SDK's Prometheus exporter serves `/metrics`, e.g. `127.0.0.1:9464`. */
  metricsAddress?: string;
}

/** pino's level for each SDK level. */
const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK's level for LOG_LEVEL (the SDK has no fatal; silent still lets errors through the filter). */
function sdkLevel(level: string): LogLevel {
  return level === 'trace'
    ? 'TRACE'
    : level === 'debug'
      ? 'DEBUG'
      : level === 'info'
        ? 'INFO'
        : level === 'warn'
          ? 'WARN'
          : 'ERROR';
}

/** Metadata the SDK attaches that is noise in a log line (the task token is long and opaque). */
const DROPPED = new Set(['taskToken']);

/** The task queues whose workers by design run only activities (workers/worker.ts). */
const ACTIVITY_ONLY_QUEUE_SUFFIXES = [PAGEVIEWS_QUEUE_SUFFIX, SHOWS_QUEUE_SUFFIX];

/**
 * The core's warning that a worker has no workflows, said of a worker that runs only activities:
 * an operator would take it for a fault.
 */
function isExpected(message: string, meta?: LogMetadata): boolean {
  const taskQueue = String(meta?.taskQueue ?? '');
  return (
    message.startsWith('No workflows registered') &&
    ACTIVITY_ONLY_QUEUE_SUFFIXES.some((suffix) => taskQueue.endsWith(suffix))
  );
}

/** The SDK's logger interface over pino: one logger for the SDK core, workflows and activities. */
class PinoSdkLogger implements SdkLogger {
  constructor(private readonly target: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (isExpected(message, meta)) return;
    const fields = Object.fromEntries(Object.entries(meta ?? {}).filter(([key]) => !DROPPED.has(key)));
    this.target[LEVELS[level]](fields, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Installs Temporal's Runtime for a worker process, before its first connection: the SDK core's
 * own logs forwarded into the same pino logger as workflow and activity logs (each line carries
 * the workflow id, run id, activity type and attempt the SDK gives it), LOG_LEVEL honoured, and
 * the SDK's Prometheus exporter when an address is given (SDK metrics, and BuzzTracker's own
 * through the Runtime's metric meter: workers/metrics.ts).
 */
export function installRuntime(settings: RuntimeSettings): Logger {
  const logger = createLogger(settings);
  const level = sdkLevel(settings.level);
  Runtime.install({
    logger: new PinoSdkLogger(logger),
    telemetryOptions: {
      logging: { filter: { core: level, other: 'WARN' }, forward: {} },
      ...(settings.metricsAddress
        ? {
            metrics: {
              prometheus: {
                bindAddress: settings.metricsAddress,
                countersTotalSuffix: true,
                // The exporter's default buckets are for milliseconds; an hour group takes seconds to minutes.
                histogramBucketOverrides: { buzz_preprocess_seconds: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600] },
              },
            },
          }
        : {}),
    },
  });
  return logger;
}
