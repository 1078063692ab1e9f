import { log } from '@temporalio/activity';
import type { DayPlan, RecordInput } from '../contracts/ingest';
import type { Day } from '../domain/days';
import {
  dayManifest,
  dayRecords,
  groupManifestOf,
  type DayManifest,
  type GroupManifest,
} from '../domain/ingest-manifests';
import type { ActivityDeps } from './deps';

/** Records an ingested day: its manifest in the store, and its day and group records in buzz-ingest. */
export function recordDayManifestActivity(deps: ActivityDeps) {
  return async (input: RecordInput): Promise<DayManifest> => {
    const { plan } = input;
    const manifest = dayManifest({
      ...plan,
      source: input.source,
      groups: input.groups.map((g) => ({ manifest: groupManifestOf(g.manifest), index: g.index })),
      deletes: input.deletes,
      seconds: input.seconds,
      completedAt: input.completedAt,
    });
    await deps.dayStore.putDayManifest(manifest);
    await deps.repos.ingestRecords.write(`the manifest of ${plan.day}`, dayRecords(manifest));
    const { lines, kept, indexed } = manifest.totals;
    log.info('day recorded', { day: plan.day, complete: manifest.complete, lines, kept, indexed });
    return manifest;
  };
}

/** A day as ingestion left it in the store, for reindexing without the archive. */
export function loadStoredDayActivity(deps: ActivityDeps) {
  return async ({ day }: { day: Day }): Promise<{ plan: DayPlan; source: string; groups: GroupManifest[] }> => {
    const stored = await deps.dayStore.dayManifest(day);
    const groups = await Promise.all(
      Object.keys(stored.groups)
        .sort()
        .map((group) => deps.dayStore.groupManifest(day, group)),
    );
    const plan: DayPlan = {
      day,
      archive: stored.archive,
      container: stored.container,
      archiveBytes: 0,
      groups: groups.map((g) => ({ group: g.group, members: g.counts.members, bytes: g.counts.bytes_in })),
      hoursMissing: stored.hours_missing,
      skipped: stored.skipped,
      damage: stored.damage,
    };
    return { plan, source: stored.source, groups };
  };
}
