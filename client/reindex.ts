import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { reindexProgressQuery, type ReindexOutcome } from '../contracts/ingest';
import { dayAttributes } from '../contracts/search-attributes';
import { workflowIds } from '../contracts/workflow-ids';
import type { Day } from '../domain/days';
import { reindexDays } from '../workflows/reindex';
import type { Queue } from './ingest';
import { ensureSearchAttributes } from './search-attributes';

/** Rebuilds the Elasticsearch data of some days from the store (workflow reindex-<from>-to-<to>); may run again. */
export async function startReindex(
  client: Client,
  queue: Queue,
  days: Day[],
): Promise<WorkflowHandle<typeof reindexDays>> {
  await ensureSearchAttributes(client.connection, queue.namespace);
  return client.workflow.start(reindexDays, {
    taskQueue: queue.taskQueue,
    workflowId: workflowIds.reindex(days[0]!, days[days.length - 1]!),
    args: [{ days }],
    typedSearchAttributes: dayAttributes(days),
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  });
}

/** The days a reindex has finished, with their outcome. */
export function reindexProgress(handle: WorkflowHandle<typeof reindexDays>): Promise<ReindexOutcome[]> {
  return handle.query(reindexProgressQuery);
}
