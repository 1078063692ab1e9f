import { Option, type Command } from 'commander';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat } from '../../adapters/logger';
import { BZ2_DECODERS, type Bz2Decoder } from '../../adapters/archives/decompress';
import { loadConfig } from '../../config/config';
import { boundPort, startHealthServer } from '../../workers/health';
import { installRuntime } from '../../workers/runtime';
import { createBuzzWorker } from '../../workers/worker';
import { port, positiveInt } from '../arguments';

interface WorkerCommandOptions {
  taskQueue?: string;
  maxActivities?: number;
  maxWorkflowTasks: number;
  decoder?: Bz2Decoder;
  threads?: number;
  sentiment: boolean;
  metricsPort?: number;
  healthPort?: number;
  listenHost: string;
  logFormat: LogFormat;
  logLevel?: string;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'run a worker process: executes ingestion and buzz workflows and their activities until stopped (Ctrl-C)',
    )
    .option('--task-queue <name>', 'Temporal task queue (default: BUZZ_TASK_QUEUE or "buzztracker")')
    .option('--max-activities <n>', 'activities at once (default: number of cores)', positiveInt)
    .option('--max-workflow-tasks <n>', 'workflow tasks at once', positiveInt, 10)
    .addOption(
      new Option(
        '--decoder <decoder>',
        'bz2 decoder: addon (the system libbz2, built by npm ci), wasm (libbz2 in WebAssembly), ' +
          'native (lbzip2/bzip2 process) or js (unbzip2-stream) (default: addon when built, else wasm)',
      ).choices(BZ2_DECODERS),
    )
    .option('--threads <n>', 'threads decoding archive members (default: number of cores)', positiveInt)
    .option('--no-sentiment', 'store posts without a sentiment score (null), e.g. to measure what scoring costs')
    .option('--metrics-port <n>', 'serve Prometheus metrics (SDK and BuzzTracker) on this port at /metrics', port)
    .option('--health-port <n>', 'serve /healthz (alive) and /readyz (polling) on this port', port)
    .option('--listen-host <address>', 'address of the metrics and health ports', '127.0.0.1')
    .addOption(
      new Option(
        '--log-format <format>',
        'JSON lines, one pretty line per event, or pretty on a terminal and JSON otherwise',
      )
        .choices(LOG_FORMATS)
        .default('auto'),
    )
    .addOption(
      new Option('--log-level <level>', 'the least severe events logged (default: LOG_LEVEL or info)').choices(
        LOG_LEVELS,
      ),
    )
    .action(async (options: WorkerCommandOptions) => {
      const config = loadConfig();
      const logger = installRuntime({
        level: options.logLevel ?? config.logLevel,
        format: options.logFormat,
        metricsAddress: options.metricsPort === undefined ? undefined : `${options.listenHost}:${options.metricsPort}`,
      });
      const taskQueue = options.taskQueue ?? config.temporal.taskQueue;
      const buzz = await createBuzzWorker(config, {
        taskQueue,
        maxActivities: options.maxActivities,
        maxWorkflowTasks: options.maxWorkflowTasks,
        decoder: options.decoder,
        threads: options.threads,
        scoreSentiment: options.sentiment,
      });
      const health =
        options.healthPort === undefined
          ? undefined
          : await startHealthServer(
              [buzz.worker, buzz.showsWorker, buzz.pageviewsWorker],
              options.healthPort,
              options.listenHost,
            );
      const stop = (): void => {
        logger.info('shutting down: running activities get 20 s to finish');
        buzz.shutdown();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      logger.info(
        {
          worker: buzz.identity,
          taskQueue,
          decoder: buzz.decoder,
          namespace: config.temporal.namespace,
          address: config.temporal.address,
          ...(options.metricsPort === undefined ? {} : { metrics: `${options.listenHost}:${options.metricsPort}` }),
          ...(health ? { health: `${options.listenHost}:${boundPort(health)}` } : {}),
        },
        `worker ${buzz.identity} polling task queue "${taskQueue}" at ${config.temporal.address}, decoding bz2 with ${buzz.decoder}`,
      );
      try {
        await buzz.run();
      } finally {
        health?.close();
      }
    });
}
