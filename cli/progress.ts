import { SingleBar } from 'cli-progress';
import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { ingestProgressQuery, type IngestProgress } from '../workflows/ingest-day';

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

/**
 * Shows a progress bar until `done` settles, polling `snapshot` every second. Without a
 * terminal it prints a line every few seconds instead. Snapshots that fail (no worker has
 * picked the workflow up yet) are skipped.
 */
export async function withProgress<T>(done: Promise<T>, snapshot: () => Promise<Snapshot>): Promise<T> {
  const started = Date.now();
  const bar = new SingleBar({
    format:
      '{bar} {percentage}% | days {daysDone}/{daysTotal} | groups {groupsDone}/{groupsTotal} | {kept} tweets kept | {rate} lines/s',
    noTTYOutput: true,
    notTTYSchedule: 5_000,
    hideCursor: true,
  });
  bar.start(1, 0, { daysDone: 0, daysTotal: '?', groupsDone: 0, groupsTotal: '?', kept: 0, rate: 0 });
  let finished = false;
  const settled = done.finally(() => (finished = true));
  const poll = async (): Promise<void> => {
    while (!finished) {
      try {
        const s = await snapshot();
        const seconds = (Date.now() - started) / 1000;
        bar.setTotal(Math.max(1, s.groupsTotal));
        bar.update(s.groupsDone, {
          ...s,
          kept: s.kept.toLocaleString('en-US'),
          rate: Math.round(s.lines / Math.max(seconds, 0.001)).toLocaleString('en-US'),
        });
      } catch {
        // Not answerable yet: no worker has run the workflow, or it just finished.
      }
      await Promise.race([settled.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000))]);
    }
  };
  await poll();
  bar.stop();
  return settled;
}
