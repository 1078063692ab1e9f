import { indexArchive, type ArchiveIndex } from '../adapters/archives/archive-index';
import { groupOfHour } from '../domain/archive-layout';
import type { Day } from '../domain/days';
import { BuzzError } from '../domain/errors';
import { storeKeys } from '../domain/store-keys';
import type { ActivityDeps } from './deps';
import { writeJson } from './store-io';
import type { DayPlan } from '../contracts/ingest';

/**
 * Finds the day's archive and lists its members by hour group, reading only headers (or the
 * zip directory). The member list is kept in the store for the group activities.
 */
export function planDayActivity(deps: ActivityDeps) {
  return async ({ day, source }: { day: Day; source: string }): Promise<DayPlan> => {
    const file = await deps.openSource(source).locate(day);
    if (!file) throw new BuzzError('archive_missing', `no archive for ${day} at ${source}`);
    const index: ArchiveIndex = await indexArchive(file);
    await writeJson(deps.store, storeKeys.archiveIndex(day), index);
    const groups = new Map<string, { group: string; members: number; bytes: number }>();
    for (const member of index.members) {
      const group = groupOfHour(member.hour);
      const entry = groups.get(group) ?? { group, members: 0, bytes: 0 };
      entry.members++;
      entry.bytes += member.size;
      groups.set(group, entry);
    }
    const all = Array.from({ length: 24 }, (_, hour) => groupOfHour(hour));
    return {
      day,
      archive: file.uri,
      container: index.container,
      archiveBytes: file.size,
      groups: [...groups.values()].sort((a, b) => a.group.localeCompare(b.group)),
      hoursMissing: all.filter((group) => !groups.has(group)),
      skipped: index.skipped,
      damage: index.damage,
    };
  };
}
