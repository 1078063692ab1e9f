import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  defaultPayloadConverter,
  type SearchAttributePair,
} from '@temporalio/common';
import type { Client, Workflow, WorkflowHandle } from '@temporalio/client';
import {
  backfillProgressQuery,
  ingestProgressQuery,
  type BackfillInput,
  type BackfillProgress,
  type IngestProgress,
} from '../contracts/ingest';
import { type DayManifest } from '../domain/ingest-manifests';
import { dayAttributes } from '../contracts/search-attributes';
import { workflowIds } from '../contracts/workflow-ids';
import type { Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';
import { backfill } from '../workflows/backfill';
import { ingestDay } from '../workflows/ingest-day';
import { ensureSearchAttributes } from './search-attributes';

/** Where workflows run: the namespace and the task queue the workers poll. */
export interface Queue {
  namespace: string;
  taskQueue: string;
}

/** A workflow as a start found it: started now, already running, or done before. */
export interface Found<T extends Workflow> {
  handle: WorkflowHandle<T>;
  status: 'started' | 'running' | 'done';
}

/**
 * Starts the workflow, or finds the run that holds its id: a running one is found as such, a
 * completed one as done (re-running it needs `force`).
 */
async function startOrFind<T extends Workflow>(
  client: Client,
  queue: Queue,
  workflow: T,
  start: { workflowId: string; args: Parameters<T>; force: boolean; searchAttributes: SearchAttributePair[] },
): Promise<Found<T>> {
  try {
    await ensureSearchAttributes(client.connection, queue.namespace);
    const handle = await client.workflow.start(workflow, {
      taskQueue: queue.taskQueue,
      workflowId: start.workflowId,
      args: start.args,
      typedSearchAttributes: start.searchAttributes,
      workflowIdReusePolicy: start.force
        ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
        : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    } as never);
    return { handle: handle as WorkflowHandle<T>, status: 'started' };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const handle = client.workflow.getHandle<T>(start.workflowId);
    const { status } = await handle.describe();
    return { handle, status: status.name === 'RUNNING' ? 'running' : 'done' };
  }
}

/** Ingests one day (workflow ingest-day-<day>), unless it is running or done (then `force` re-runs it). */
export function startIngestDay(
  client: Client,
  queue: Queue,
  day: Day,
  input: { source: string; languages: LanguageFilter; force?: boolean },
): Promise<Found<typeof ingestDay>> {
  return startOrFind(client, queue, ingestDay, {
    workflowId: workflowIds.ingestDay(day),
    args: [{ day, source: input.source, languages: input.languages }],
    force: input.force ?? false,
    searchAttributes: dayAttributes([day], input.source),
  });
}

/** Ingests a range of days as one backfill; it may always run again, its days decide whether to re-run. */
export function startBackfill(client: Client, queue: Queue, input: BackfillInput): Promise<Found<typeof backfill>> {
  const days = input.days;
  return startOrFind(client, queue, backfill, {
    workflowId: workflowIds.backfill(days[0]!, days[days.length - 1]!),
    args: [input],
    force: true,
    searchAttributes: dayAttributes(days, input.source),
  });
}

/** Lines read by group activities still running, from their heartbeat details. */
async function linesInFlight(handle: WorkflowHandle): Promise<number> {
  const description = await handle.describe();
  let lines = 0;
  for (const activity of description.raw.pendingActivities ?? []) {
    const payload = activity.heartbeatDetails?.payloads?.[0];
    if (!payload) continue;
    const details = defaultPayloadConverter.fromPayload<{ lines?: number }>(payload);
    lines += details?.lines ?? 0;
  }
  return lines;
}

export type DayProgress = IngestProgress & { linesInFlight: number };

/** Progress of one running day: groups done so far plus the lines of groups in flight. */
export async function dayProgress(handle: WorkflowHandle): Promise<DayProgress> {
  const [progress, inFlight] = await Promise.all([handle.query(ingestProgressQuery), linesInFlight(handle)]);
  return { ...progress, linesInFlight: inFlight };
}

/** A backfill's progress, with that of each day it is ingesting now (undefined while a day cannot answer). */
export async function backfillProgress(
  client: Client,
  handle: WorkflowHandle<typeof backfill>,
): Promise<BackfillProgress & { runningProgress: (DayProgress | undefined)[] }> {
  const progress = await handle.query(backfillProgressQuery);
  const runningProgress = await Promise.all(
    progress.running.map((day) => dayProgress(dayHandle(client, day)).catch(() => undefined)),
  );
  return { ...progress, runningProgress };
}

/** The workflow that ingests (or ingested) a day. */
export function dayHandle(client: Client, day: Day): WorkflowHandle<typeof ingestDay> {
  return client.workflow.getHandle<typeof ingestDay>(workflowIds.ingestDay(day));
}

/** The manifest an ingested day's workflow returned. */
export function ingestedDay(client: Client, day: Day): Promise<DayManifest> {
  return dayHandle(client, day).result();
}
