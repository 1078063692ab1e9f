import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { showAttributes } from '../contracts/search-attributes';
import { lastResultQuery, SHOW_WORKFLOW, type ShowSignals } from '../contracts/shows';
import { workflowIds } from '../contracts/workflow-ids';
import { syncShows } from '../workflows/sync-shows';

/** Show workflows started and signalled through this client, on this task queue. */
export function showSignals(client: Client, taskQueue: string): ShowSignals {
  return {
    async signal(config, signal, args) {
      await client.workflow.signalWithStart(SHOW_WORKFLOW.type, {
        workflowId: workflowIds.show(config.show_key),
        taskQueue,
        args: [{ config }],
        signal,
        signalArgs: args,
        typedSearchAttributes: showAttributes(config.show_key),
      });
    },
  };
}

/** Reads a sheet and brings the show workflows in line with it (joins a sync of the same sheet already running). */
export function startSheetSync(
  client: Client,
  taskQueue: string,
  sheetUri: string,
): Promise<WorkflowHandle<typeof syncShows>> {
  return client.workflow.start(syncShows, {
    taskQueue,
    workflowId: workflowIds.syncShows(sheetUri),
    args: [{ sheetUri }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

/** Waits until each show has computed since `since` (epoch ms); throws naming those still computing after `timeoutMs`. */
export async function waitForComputations(
  client: Client,
  showKeys: string[],
  since: number,
  timeoutMs = 10 * 60_000,
): Promise<void> {
  const pending = new Set(showKeys);
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const key of [...pending]) {
      const last = await client.workflow
        .getHandle(workflowIds.show(key))
        .query(lastResultQuery)
        .catch(() => undefined);
      if (last && Date.parse(last.computedAt) >= since) pending.delete(key);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (pending.size > 0)
    throw new Error(`shows still computing after ${timeoutMs / 60_000} minutes: ${[...pending].join(', ')}`);
}
