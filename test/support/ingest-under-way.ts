import type { WorkflowHandle } from '@temporalio/client';
import type { Day } from '../../domain/days';
import { workflowIds } from '../../contracts/workflow-ids';
import { ingestDay } from '../../workflows/ingest-day';
import { ingestProgressQuery } from '../../contracts/ingest';
import type { BuzzTestEnv } from './buzz-env';

/** Starts ingesting an English day from an archive folder; resolves once `groupsDone` hour groups are done. */
export async function ingestUnderWay(
  env: BuzzTestEnv,
  day: Day,
  archives: string,
  groupsDone: number,
): Promise<WorkflowHandle<typeof ingestDay>> {
  const handle = await env.temporal.workflow.start(ingestDay, {
    taskQueue: env.config.temporal.taskQueue,
    workflowId: workflowIds.ingestDay(day),
    args: [{ day, source: `dir:${archives}`, languages: ['en'] }],
  });
  for (;;) {
    const progress = await handle.query(ingestProgressQuery).catch(() => undefined);
    if (progress && progress.groupsDone >= groupsDone) return handle;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
