import { Option, type Command } from 'commander';
import { BZ2_DECODERS, DEFAULT_BZ2_DECODER, type Bz2Decoder } from '../adapters/archives/decompress';
import { loadConfig } from '../config/config';
import { createBuzzWorker } from '../workers/worker';
import { positiveInt } from './sample-data-command';

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
        'bz2 decoder: wasm (libbz2 in WebAssembly), native (lbzip2/bzip2 process) or js (unbzip2-stream)',
      )
        .choices(BZ2_DECODERS)
        .default(DEFAULT_BZ2_DECODER),
    )
    .action(
      async (options: {
        taskQueue?: string;
        maxActivities?: number;
        maxWorkflowTasks: number;
        decoder: Bz2Decoder;
      }) => {
        const config = loadConfig();
        const buzz = await createBuzzWorker(config, {
          taskQueue: options.taskQueue,
          maxActivities: options.maxActivities,
          maxWorkflowTasks: options.maxWorkflowTasks,
          decoder: options.decoder,
        });
        const stop = (): void => {
          console.error('worker: shutting down (finishing running activities)…');
          buzz.shutdown();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        console.error(
          `worker ${buzz.identity} polling task queue "${options.taskQueue ?? config.temporal.taskQueue}" at ${config.temporal.address}`,
        );
        await buzz.run();
      },
    );
}
