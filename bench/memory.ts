import { workflowIds } from '../contracts/workflow-ids';
import { backfill } from '../workflows/backfill';
import type { Dataset } from './data';
import { benchEnv } from './env';

/** P6: peak resident memory of a worker process ingesting 1 day, then of another ingesting 4. */
export async function benchMemory(data: Dataset) {
  const peaks: Record<string, number> = {};
  for (const days of [data.days.slice(0, 1), data.days]) {
    const env = await benchEnv('p6');
    try {
      const worker = await env.startWorker(2);
      await env.temporal.workflow.execute(backfill, {
        taskQueue: env.config.temporal.taskQueue,
        workflowId: workflowIds.backfill(days[0]!, days[days.length - 1]!),
        args: [{ days, source: `dir:${data.dir}`, languages: ['en'], dayParallelism: 1 }],
      });
      peaks[`${days.length}_day${days.length > 1 ? 's' : ''}_peak_rss_mb`] = worker.peakRssMb();
    } finally {
      await env.close();
    }
  }
  return { ...peaks, json_mb_per_day: data.jsonBytes / data.days.length / 1e6, goal: 'flat, under 500 MB' };
}
