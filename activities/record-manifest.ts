import { log } from '@temporalio/activity';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import type { Day } from '../domain/days';
import { sumCounts } from '../domain/ingest-counts';
import { storeKeys } from '../domain/store-keys';
import type { ActivityDeps } from './deps';
import type { DayPlan } from '../contracts/ingest';
import type { GroupManifest } from '../contracts/ingest';
import { readJson, writeJson } from './store-io';
import type { DayManifest, DayTotals, RecordInput } from '../contracts/ingest';

export function recordDayManifestActivity(deps: ActivityDeps) {
  return async (input: RecordInput): Promise<DayManifest> => {
    const { plan, groups, deletes } = input;
    const failedMembers = groups.flatMap((g) => g.manifest.failedMembers);
    const totals: DayTotals = {
      ...sumCounts(groups.map((g) => g.manifest.counts)),
      indexed: groups.reduce((sum, g) => sum + g.index.indexed, 0),
      delete_notices: deletes.notices,
      deletes_applied: deletes.deletesApplied,
    };
    const manifest: DayManifest = {
      day: plan.day,
      source: input.source,
      archive: plan.archive,
      container: plan.container,
      complete: plan.hoursMissing.length === 0 && failedMembers.length === 0 && !plan.damage,
      hoursMissing: plan.hoursMissing,
      skipped: plan.skipped,
      damage: plan.damage,
      failedMembers,
      groups: Object.fromEntries(groups.map((g) => [g.manifest.group, { ...g.manifest, index: g.index }])),
      totals,
      seconds: input.seconds,
      completedAt: input.completedAt,
    };
    await writeJson(deps.store, storeKeys.dayManifest(plan.day), manifest);

    const docs: { id: string; doc: Record<string, unknown> }[] = groups.map((g) => ({
      id: `${plan.day}T${g.manifest.group}`,
      doc: {
        kind: 'group',
        day: plan.day,
        group: g.manifest.group,
        source: input.source,
        archive: plan.archive,
        complete: g.manifest.failedMembers.length === 0,
        seconds: g.manifest.seconds,
        indexed: g.index.indexed,
        ...g.manifest.counts,
      },
    }));
    docs.push({
      id: plan.day,
      doc: {
        kind: 'day',
        day: plan.day,
        source: input.source,
        archive: plan.archive,
        complete: manifest.complete,
        hours_missing: plan.hoursMissing,
        seconds: input.seconds,
        completed_at: input.completedAt,
        ...totals,
      },
    });
    await bulkWrite(deps.es, {
      what: `the manifest of ${plan.day}`,
      datasource: docs,
      onDocument: ({ id, doc }) => [{ index: { _index: deps.indices.ingest, _id: id } }, doc],
      refreshOnCompletion: deps.indices.ingest,
    });
    log.info('day recorded', {
      day: plan.day,
      complete: manifest.complete,
      lines: manifest.totals.lines,
      kept: manifest.totals.kept,
      indexed: manifest.totals.indexed,
    });
    return manifest;
  };
}

/** A day as ingestion left it in the store, for reindexing without the archive. */
export function loadStoredDayActivity(deps: ActivityDeps) {
  return async ({ day }: { day: Day }): Promise<{ plan: DayPlan; source: string; groups: GroupManifest[] }> => {
    const stored = await readJson<DayManifest>(deps.store, storeKeys.dayManifest(day));
    const groups = await Promise.all(
      Object.keys(stored.groups)
        .sort()
        .map((group) => readJson<GroupManifest>(deps.store, storeKeys.groupManifest(day, group))),
    );
    const plan: DayPlan = {
      day,
      archive: stored.archive,
      container: stored.container,
      archiveBytes: 0,
      groups: groups.map((g) => ({ group: g.group, members: g.counts.members, bytes: g.counts.bytes_in })),
      hoursMissing: stored.hoursMissing,
      skipped: stored.skipped,
      damage: stored.damage,
    };
    return { plan, source: stored.source, groups };
  };
}
