import fs from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { writeSampleData } from '../../simulator/sample-data';
import { LocalArchiveFile } from '../../adapters/archives/archive-file';
import { indexArchive } from '../../adapters/archives/archive-index';
import { countsProblems } from '../../domain/ingest-counts';
import type { DayTruth, MemberTruth } from '../../simulator/generator';
import { workflowIds } from '../../contracts/workflow-ids';
import { ingestDay } from '../../workflows/ingest-day';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

function sumMembers(truth: DayTruth, keep: (key: string) => boolean): MemberTruth {
  const sum: MemberTruth = { lines: 0, statuses: 0, en: 0, notices: 0, malformed: 0 };
  for (const [key, member] of Object.entries(truth.per_member)) {
    if (!keep(key)) continue;
    for (const field of Object.keys(sum) as (keyof MemberTruth)[]) sum[field] += member[field];
  }
  return sum;
}

async function memberAt(file: string, name: string): Promise<{ offset: number; size: number }> {
  const archive = new LocalArchiveFile(`dir:${file}`, file, fs.statSync(file).size);
  const member = (await indexArchive(archive)).members.find((m) => m.name === name);
  if (!member) throw new Error(`${name} not in ${file}`);
  return member;
}

describe('bad input: the day completes with the data that exists, every loss counted', () => {
  let env: BuzzTestEnv;
  let truth: Record<string, DayTruth>;
  let archives: string;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    archives = path.join(env.workDir, 'archives');
    truth = (
      await writeSampleData({ out: archives, from: '2019-07-03', days: 2, linesPerMinute: 4, seed: 5, format: 'tar' })
    ).days;
    await env.startWorker({ maxActivities: 8 });
  });

  afterAll(() => env?.close());

  const ingest = (day: string) =>
    env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(day),
      args: [{ day, source: `dir:${archives}`, languages: ['en'] }],
    });

  it('counts a corrupt member, names it, and keeps every other member', async () => {
    const file = path.join(archives, 'twitter_stream_2019_07_03.tar');
    const name = '2019/07/03/05/30.json.bz2';
    const { offset, size } = await memberAt(file, name);
    const handle = fs.openSync(file, 'r+');
    fs.writeSync(handle, Buffer.concat([Buffer.from('BZh9'), Buffer.alloc(size - 4, 0x5a)]), 0, size, offset);
    fs.closeSync(handle);

    const manifest = await ingest('2019-07-03');
    const day = truth['2019-07-03']!;
    const kept = sumMembers(day, (key) => key !== '05/30');
    expect(manifest.failed_members).toEqual([{ name, reason: expect.stringMatching(/.+/) }]);
    expect(manifest.totals).toMatchObject({
      lines: kept.lines,
      statuses: kept.statuses,
      kept: kept.en,
      notices: kept.notices,
      malformed: kept.malformed,
      members: 1440,
      members_failed: 1,
    });
    expect(countsProblems(manifest.totals)).toEqual([]);
    expect(manifest.complete).toBe(false);
    expect(manifest.groups['05']!.failed_members).toHaveLength(1);
  });

  it('reads a truncated tar up to the cut: the cut member is failed, the hours after it missing', async () => {
    const file = path.join(archives, 'twitter_stream_2019_07_04.tar');
    const { offset } = await memberAt(file, '2019/07/04/20/10.json.bz2');
    fs.truncateSync(file, offset + 20);

    const manifest = await ingest('2019-07-04');
    const day = truth['2019-07-04']!;
    const before = sumMembers(day, (key) => key < '20/10');
    expect(manifest.totals).toMatchObject({
      lines: before.lines,
      statuses: before.statuses,
      kept: before.en,
      indexed: before.en,
      notices: before.notices,
      malformed: before.malformed,
      members: 20 * 60 + 11,
      members_failed: 1,
    });
    expect(countsProblems(manifest.totals)).toEqual([]);
    expect(manifest.failed_members).toEqual([
      { name: '2019/07/04/20/10.json.bz2', reason: expect.stringContaining('the archive ends inside this member') },
    ]);
    expect(manifest.hours_missing).toEqual(['21', '22', '23']);
    expect(manifest.damage).toBe(`the tar archive is truncated at byte ${offset + 20}`);
    expect(manifest.complete).toBe(false);
  });

  it('fails a day without an archive at once, with a clear non-retryable error', async () => {
    const handle = await env.temporal.workflow.start(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay('2019-07-09'),
      args: [{ day: '2019-07-09', source: `dir:${archives}`, languages: ['en'] }],
    });
    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    let cause = failure as { message: string; cause?: unknown };
    while (cause.cause) cause = cause.cause as { message: string; cause?: unknown };
    expect(cause.message).toBe(`no archive for 2019-07-09 at dir:${archives}`);
    const history = await handle.fetchHistory();
    const attempts = history
      .events!.filter((event) => event.activityTaskStartedEventAttributes)
      .map((event) => event.activityTaskStartedEventAttributes!.attempt);
    // ensureIngestIndices, then planDay once: no retry storm.
    expect(attempts).toEqual([1, 1]);
  });
});
