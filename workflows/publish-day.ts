import { log } from '@temporalio/workflow';
import type { DayPlan } from '../contracts/ingest';
import type { GroupResult } from '../contracts/ingest';
import type { DayManifest } from '../domain/ingest-manifests';
import type { Day } from '../domain/days';
import { indexing, quick } from './activity-options';

export interface PublishInput {
  plan: DayPlan;
  source: string;
  /** Each hour group's manifest with what indexing it wrote. */
  groups: GroupResult[];
  /** When the day's work began (workflow time), for the manifest's seconds. */
  started: number;
  onPhase?: (phase: 'deletes' | 'recording') => void;
}

/**
 * The end of ingesting or re-indexing a day, the same for both: honour the day's delete notices,
 * record its manifest, and tell the shows covering it (and the days the notices reached) to
 * recompute. `notifyShows` is optional for workflows that did not tell them before (see reindex).
 */
export async function publishDay(input: PublishInput, notify = true): Promise<DayManifest> {
  const day: Day = input.plan.day;
  input.onPhase?.('deletes');
  const deletes = await indexing.applyDeletes({ day, groups: input.groups.map((g) => g.manifest.group) });
  input.onPhase?.('recording');
  const manifest = await quick.recordDayManifest({
    plan: input.plan,
    source: input.source,
    groups: input.groups,
    deletes,
    seconds: (Date.now() - input.started) / 1000,
    completedAt: new Date().toISOString(),
  });
  if (!notify) return manifest;
  try {
    await quick.notifyShows({ days: [...new Set([day, ...deletes.affectedDays])].sort() });
  } catch (error) {
    // The day is published either way; shows also catch up at their next sync or recomputation.
    log.warn('could not notify the shows covering the day', { day, error: String(error) });
  }
  return manifest;
}
