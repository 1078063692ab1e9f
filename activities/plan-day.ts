import { indexArchive } from '../adapters/archives/archive-index';
import type { DayPlan } from '../contracts/ingest';
import { groupsOfMembers } from '../domain/archive-layout';
import type { Day } from '../domain/days';
import { BuzzError } from '../domain/errors';
import type { ActivityDeps } from './deps';

/**
 * Finds the day's archive and lists its members by hour group, reading only headers (or the
 * zip directory). The member list is kept in the store for the group activities.
 */
export function planDayActivity(deps: ActivityDeps) {
  return async ({ day, source }: { day: Day; source: string }): Promise<DayPlan> => {
    const file = await deps.openSource(source).locate(day);
    if (!file) throw new BuzzError('archive_missing', `no archive for ${day} at ${source}`);
    const index = await indexArchive(file);
    await deps.dayStore.putArchiveIndex(day, index);
    const { groups, hoursMissing } = groupsOfMembers(index.members);
    return {
      day,
      archive: file.uri,
      container: index.container,
      archiveBytes: file.size,
      groups,
      hoursMissing,
      skipped: index.skipped,
      damage: index.damage,
    };
  };
}
