import { WorkflowIdConflictPolicy } from '@temporalio/common';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Repositories } from '../adapters/repositories';
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

/**
 * Waits until each show has computed its days, and raised their alerts, after its window's
 * pageviews were fetched (the show workflow fetches them beside its first computation, then
 * computes again); throws naming those still waiting after `timeoutMs`.
 */
export async function waitForPageviews(
  client: Client,
  repos: Pick<Repositories, 'shows'>,
  showKeys: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shows = await repos.shows.all();
    const waiting: string[] = [];
    for (const key of showKeys) {
      const fetchedAt = shows.find((show) => show.show_key === key)?.pageviews_fetch?.fetched_at;
      const last = fetchedAt
        ? await client.workflow
            .getHandle(workflowIds.show(key))
            .query(lastResultQuery)
            .catch(() => undefined)
        : undefined;
      if (!fetchedAt || !last || last.computedAt < fetchedAt) waiting.push(key);
    }
    if (waiting.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`pageviews not computed after ${timeoutMs / 1000} s: ${waiting.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
