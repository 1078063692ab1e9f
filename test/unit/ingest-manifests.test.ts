import { groupsOfMembers } from '../../domain/archive-layout';
import { GroupTally } from '../../domain/group-tally';
import { emptyCounts } from '../../domain/ingest-counts';
import {
  dayManifest,
  dayManifestOf,
  dayRecords,
  groupManifestOf,
  type DayManifest,
  type GroupManifest,
} from '../../domain/ingest-manifests';
import { daysToCompute } from '../../domain/local-days';

/* What an ingested day's records say, from its groups: the manifest, its buzz-ingest records. */

function group(name: string, kept: number, failed: string[] = []): GroupManifest {
  return {
    day: '2019-07-02',
    group: name,
    archive: 'dir:/a/twitter_stream_2019_07_02.tar',
    counts: { ...emptyCounts(), lines: kept * 2, statuses: kept + 1, kept, filtered_out: 1, members: 60 },
    failed_members: failed.map((member) => ({ name: member, reason: 'bz2 data error' })),
    delete_notices: 3,
    seconds: 1.5,
    worker: 'w1',
  };
}

const parts = (groups: GroupManifest[], hoursMissing: string[] = []) => ({
  day: '2019-07-02',
  source: 'dir:/a',
  archive: 'dir:/a/twitter_stream_2019_07_02.tar',
  container: 'tar' as const,
  hoursMissing,
  skipped: [],
  groups: groups.map((manifest) => ({ manifest, index: { indexed: manifest.counts.kept } })),
  deletes: { notices: 6, deletesApplied: 2 },
  seconds: 9,
  completedAt: '2026-12-02T00:00:00.000Z',
});

describe('dayManifest', () => {
  it('sums the groups, and is complete when every hour is there and every member was read whole', () => {
    const manifest = dayManifest(parts([group('00', 10), group('01', 5)]));
    expect(manifest).toMatchObject({
      complete: true,
      hours_missing: [],
      failed_members: [],
      totals: { lines: 30, kept: 15, statuses: 17, members: 120, indexed: 15, delete_notices: 6, deletes_applied: 2 },
      completed_at: '2026-12-02T00:00:00.000Z',
    });
    expect(Object.keys(manifest.groups)).toEqual(['00', '01']);
  });

  it('is not complete with an hour missing or a member failed, and names the failed members', () => {
    expect(dayManifest(parts([group('00', 10)], ['01'])).complete).toBe(false);
    const failed = dayManifest(parts([group('00', 10, ['2019/07/02/00/13.json.bz2'])]));
    expect(failed.complete).toBe(false);
    expect(failed.failed_members).toEqual([{ name: '2019/07/02/00/13.json.bz2', reason: 'bz2 data error' }]);
  });
});

describe('dayRecords', () => {
  it('gives one record per group and one for the day, with ids from the day and hour', () => {
    const records = dayRecords(dayManifest(parts([group('00', 10), group('01', 5, ['m'])])));
    expect(records.map((record) => record.id)).toEqual(['2019-07-02T00', '2019-07-02T01', '2019-07-02']);
    expect(records[0]!.doc).toMatchObject({ kind: 'group', group: '00', complete: true, indexed: 10, kept: 10 });
    expect(records[1]!.doc).toMatchObject({ kind: 'group', group: '01', complete: false });
    expect(records[2]!.doc).toMatchObject({ kind: 'day', complete: false, kept: 15, indexed: 15, hours_missing: [] });
  });
});

describe('manifests stored before the rename to snake_case', () => {
  it('are read with their old names', () => {
    const current = dayManifest(parts([group('00', 10, ['m'])], ['01']));
    const { hours_missing, failed_members, completed_at, ...rest } = current;
    const stored = { ...rest, hoursMissing: hours_missing, failedMembers: failed_members, completedAt: completed_at };
    expect(dayManifestOf(stored as unknown as DayManifest)).toEqual(current);

    const { failed_members: failed, delete_notices, ...groupRest } = group('00', 10, ['m']);
    const storedGroup = { ...groupRest, failedMembers: failed, deleteNotices: delete_notices };
    expect(groupManifestOf(storedGroup as unknown as GroupManifest)).toEqual(group('00', 10, ['m']));
  });
});

describe('GroupTally', () => {
  it('adds members as they come back: their counts, bytes read, delete notices, and those that failed', () => {
    const tally = new GroupTally();
    const sorted = (kept: number, failure?: string) => ({
      counts: { ...emptyCounts(), lines: kept, kept },
      deletedIds: [`${kept}`],
      failure,
    });
    tally.add({ name: 'a', truncated: false }, sorted(4), 100);
    tally.add({ name: 'b', truncated: false }, sorted(2, 'bz2 data error'), 50);
    tally.add({ name: 'c', truncated: true }, sorted(1), 10);
    expect(tally.counts).toMatchObject({ members: 3, members_failed: 2, kept: 7, lines: 7, bytes_in: 160 });
    expect(tally.deletedIds).toEqual(['4', '2', '1']);
    expect(tally.failedMembers).toEqual([
      { name: 'b', reason: 'bz2 data error' },
      { name: 'c', reason: 'the archive ends inside this member' },
    ]);
  });
});

describe('groupsOfMembers', () => {
  it('groups members by hour in order, with their bytes, and lists the hours with none', () => {
    const { groups, hoursMissing } = groupsOfMembers([
      { hour: 13, size: 5 },
      { hour: 2, size: 1 },
      { hour: 13, size: 7 },
    ]);
    expect(groups).toEqual([
      { group: '02', members: 1, bytes: 1 },
      { group: '13', members: 2, bytes: 12 },
    ]);
    expect(hoursMissing).toHaveLength(22);
  });
});

describe('daysToCompute', () => {
  const window = { window_start: '2019-07-01', window_end: '2019-07-10' };
  it('is the whole window without days, and the local days around UTC days within it', () => {
    expect(daysToCompute(window)).toEqual({ from: '2019-07-01', to: '2019-07-10' });
    expect(daysToCompute(window, ['2019-07-05', '2019-07-03'])).toEqual({ from: '2019-07-02', to: '2019-07-06' });
    expect(daysToCompute(window, ['2019-06-30'])).toEqual({ from: '2019-07-01', to: '2019-07-01' });
    expect(daysToCompute(window, ['2019-06-20'])).toBeUndefined();
  });
});
