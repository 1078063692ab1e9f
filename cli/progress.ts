import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { ingestProgressQuery, type IngestProgress } from '../contracts/ingest';

export interface Snapshot {
  daysDone: number;
  daysTotal: number;
  groupsDone: number;
  groupsTotal: number;
  lines: number;
  kept: number;
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

/** Progress of one running day: groups done so far plus the lines of groups in flight. */
export async function dayProgress(handle: WorkflowHandle): Promise<IngestProgress & { linesInFlight: number }> {
  const [progress, inFlight] = await Promise.all([handle.query(ingestProgressQuery), linesInFlight(handle)]);
  return { ...progress, linesInFlight: inFlight };
}
