import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../../activities';
import type { DayManifest } from '../../../domain/ingest-manifests';
import type { Day } from '../../../domain/days';
import { emptyCounts } from '../../../domain/ingest-counts';
import { workflowIds } from '../../../contracts/workflow-ids';
import { backfill } from '../../../workflows/backfill';
import { backfillProgressQuery, type BackfillInput, type DayOutcome } from '../../../contracts/ingest';
import { ingestDay } from '../../../workflows/ingest-day';
import { ActivityCalls, eventually, happenings, useTimeSkipping } from '../../support/time-skipping';
import { dayManifest } from '../../../domain/ingest-manifests';

/**
 * The backfill on the time-skipping test server: each day is a real ingestDay child workflow
 * (ingest-day-<day>) whose activities are stubbed. Skipping, forcing, failing and the number of
 * days in flight are decided by the workflows and the server's workflow-id reuse policies. The
 * server keeps every workflow of the file, so each test has days of its own.
 */

const ts = useTimeSkipping();

const SOURCE = 'dir:/archives';
const SKIPPED = 'already ingested or being ingested (use --force to re-run)';
const HOURS = ['00', '01'];
/** Real time the server's clock also counts between two events (a workflow task, an RPC). */
const SLACK_MS = 1_000;

type IngestActivities = Pick<
  Activities,
  | 'ensureIngestIndices'
  | 'planDay'
  | 'preprocessGroup'
  | 'indexGroup'
  | 'applyDeletes'
  | 'recordDayManifest'
  | 'notifyShows'
>;

/** Days whose planning waits until the test lets it go on. */
class Gates {
  private readonly closed = new Set<Day>();
  private readonly waiters = new Map<Day, () => void>();

  close(...days: Day[]): void {
    days.forEach((day) => this.closed.add(day));
  }

  open(...days: Day[]): void {
    for (const day of days) {
      this.closed.delete(day);
      this.waiters.get(day)?.();
      this.waiters.delete(day);
    }
  }

  async pass(day: Day): Promise<void> {
    if (this.closed.has(day)) await new Promise<void>((resolve) => this.waiters.set(day, resolve));
  }

  waiting(): Day[] {
    return [...this.waiters.keys()].sort();
  }
}

/** Kept statuses of a day's hour group: distinct per day and hour, so that sums show which groups were counted. */
function keptOf(day: Day, group: string): number {
  return Number(day.slice(-2)) * 100 + Number(group);
}

/**
 * The ingest activities, stubbed: every day has two hour groups; `planDay` throws what `failures`
 * says for a day (once per entry, then succeeds), and waits at the day's gate.
 */
function stubs(failures: Map<Day, Error[]> = new Map(), gates = new Gates()) {
  const calls = new ActivityCalls();
  const activities: IngestActivities = {
    ensureIngestIndices: calls.record('ensureIngestIndices', async () => undefined),
    planDay: calls.record('planDay', async ({ day }) => {
      await gates.pass(day);
      const failure = failures.get(day)?.shift();
      if (failure) throw failure;
      return {
        day,
        archive: `twitter_stream_${day.replaceAll('-', '_')}.tar`,
        container: 'tar',
        archiveBytes: 1_000,
        groups: HOURS.map((group) => ({ group, members: 60, bytes: 500 })),
        hoursMissing: [],
        skipped: [],
      };
    }),
    preprocessGroup: calls.record('preprocessGroup', async ({ day, group }) => ({
      day,
      group,
      archive: 'a.tar',
      counts: {
        ...emptyCounts(),
        lines: 2 * keptOf(day, group),
        statuses: keptOf(day, group),
        kept: keptOf(day, group),
      },
      failed_members: [],
      delete_notices: 0,
      seconds: 1,
      worker: 'stub',
    })),
    indexGroup: calls.record('indexGroup', async ({ day, group }) => ({ indexed: keptOf(day, group) })),
    applyDeletes: calls.record('applyDeletes', async () => ({ notices: 0, deletesApplied: 0, affectedDays: [] })),
    recordDayManifest: calls.record(
      'recordDayManifest',
      async ({ plan, source, groups, deletes, seconds, completedAt }): Promise<DayManifest> =>
        dayManifest({ ...plan, source, groups, deletes, seconds, completedAt }),
    ),
    notifyShows: calls.record('notifyShows', async () => []),
  };
  return { calls, activities, gates };
}

function input(days: Day[], more: Partial<BackfillInput> = {}): BackfillInput {
  return { days, source: SOURCE, languages: ['en'], ...more };
}

function ingested(day: Day): DayOutcome {
  const kept = HOURS.reduce((sum, group) => sum + keptOf(day, group), 0);
  return { day, status: 'ingested', kept, indexed: kept, complete: true };
}

const archiveMissing = (day: Day) =>
  ApplicationFailure.create({
    message: `no archive for ${day} at ${SOURCE}`,
    type: 'archive_missing',
    nonRetryable: true,
  });

const byDayAndGroup = (a: { day: Day; group: string }, b: { day: Day; group: string }) =>
  `${a.day}T${a.group}`.localeCompare(`${b.day}T${b.group}`);

/** The days whose planning ran, in the order it ran (days that start together run in any order). */
const planned = (calls: ActivityCalls) => calls.of('planDay').map(([arg]) => (arg as { day: Day }).day);
/** The days whose planning ran, sorted. */
const plannedDays = (calls: ActivityCalls) => planned(calls).sort();

describe('backfill on the time-skipping test server', () => {
  it('ingests each day as a child ingest-day-<day>; a failed day does not stop the others', async () => {
    const days = ['2019-07-01', '2019-07-02', '2019-07-03'];
    const { calls, activities } = stubs(new Map([['2019-07-02', [archiveMissing('2019-07-02')]]]));
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(backfill, { workflowId: 'backfill-mixed', args: [input(days)] });
      expect(await handle.result()).toEqual([
        ingested('2019-07-01'),
        { day: '2019-07-02', status: 'failed', error: 'no archive for 2019-07-02 at dir:/archives' },
        ingested('2019-07-03'),
      ]);

      // A non-retryable failure is not retried; the failed day went no further than its plan.
      expect(plannedDays(calls)).toEqual(days);
      expect(
        calls
          .of('preprocessGroup')
          .map(([arg]) => arg as { day: Day; group: string })
          .sort(byDayAndGroup),
      ).toEqual(
        ['2019-07-01', '2019-07-03'].flatMap((day) =>
          HOURS.map((group) => ({ day, group, source: SOURCE, languages: ['en'] })),
        ),
      );
      expect(calls.of('notifyShows')).toEqual([[{ days: ['2019-07-01'] }], [{ days: ['2019-07-03'] }]]);
      const progress = await handle.query(backfillProgressQuery);
      expect(progress.daysTotal).toBe(3);
      expect(progress.running).toEqual([]);
      expect(progress.outcomes.map((o) => `${o.day} ${o.status}`).sort()).toEqual([
        '2019-07-01 ingested',
        '2019-07-02 failed',
        '2019-07-03 ingested',
      ]);

      const { list } = await happenings(handle);
      expect(list.filter((h) => h.kind === 'child').map((h) => (h as { workflowId: string }).workflowId)).toEqual(
        days.map(workflowIds.ingestDay),
      );
      for (const day of days) {
        const child = await ts.env.client.workflow.getHandle(workflowIds.ingestDay(day)).describe();
        expect([day, child.type, child.status.name]).toEqual([
          day,
          'ingestDay',
          day === '2019-07-02' ? 'FAILED' : 'COMPLETED',
        ]);
      }
    });
  });

  it('retries a day whose activity keeps failing by the retry policy, then reports the day failed', async () => {
    const day = '2019-08-05';
    const refused = Array.from({ length: 12 }, () => new Error('S3 at http://localhost:9000 refused the credentials'));
    const { calls, activities } = stubs(new Map([[day, refused]]));
    const attemptsAt: number[] = [];
    const planDay = activities.planDay;
    activities.planDay = async (arg) => {
      attemptsAt.push(await ts.env.currentTimeMs());
      return planDay(arg);
    };
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(backfill, { workflowId: 'backfill-retried', args: [input([day])] });
      expect(await handle.result()).toEqual([
        { day, status: 'failed', error: 'S3 at http://localhost:9000 refused the credentials' },
      ]);

      // `quick` activities: 10 attempts, 2 s apart at first, doubling, at most a minute apart (workflow time).
      expect(calls.attempts.filter((a) => a.activity === 'planDay').map((a) => a.attempt)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      const gaps = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
      const policy = [2, 4, 8, 16, 32, 60, 60, 60, 60].map((s) => s * 1000);
      expect(gaps.map((gap, i) => gap >= policy[i]! && gap < policy[i]! + SLACK_MS)).toEqual(policy.map(() => true));
      expect(calls.of('preprocessGroup')).toEqual([]);
    });
  });

  it('skips days already ingested unless forced, and runs failed days again', async () => {
    const [d1, d2, d3] = ['2019-09-01', '2019-09-02', '2019-09-03'];
    const { calls, activities } = stubs(new Map([[d2, [archiveMissing(d2)]]]));
    await ts.withWorker(activities, async ({ start }) => {
      const run = async (id: string, days: Day[], force?: boolean) => {
        const before = calls.of('planDay').length;
        const outcomes = await (await start(backfill, { workflowId: id, args: [input(days, { force })] })).result();
        return { outcomes, planned: planned(calls).slice(before).sort() };
      };

      expect(await run('backfill-first', [d1, d2])).toEqual({
        outcomes: [ingested(d1), { day: d2, status: 'failed', error: `no archive for ${d2} at ${SOURCE}` }],
        planned: [d1, d2],
      });
      // d1 succeeded: skipped without starting anything; d2 failed: it runs again (its archive is there now).
      expect(await run('backfill-again', [d1, d2, d3])).toEqual({
        outcomes: [{ day: d1, status: 'skipped', reason: SKIPPED }, ingested(d2), ingested(d3)],
        planned: [d2, d3],
      });
      expect(await run('backfill-forced', [d1, d2, d3], true)).toEqual({
        outcomes: [ingested(d1), ingested(d2), ingested(d3)],
        planned: [d1, d2, d3],
      });
    });
  });

  it('skips a day that is being ingested right now, even when forced', async () => {
    const day = '2019-10-04';
    const { calls, activities, gates } = stubs();
    gates.close(day);
    await ts.withWorker(activities, async ({ start }) => {
      const running = await start(ingestDay, {
        workflowId: workflowIds.ingestDay(day),
        args: [{ day, source: SOURCE, languages: ['en'] }],
      });
      await eventually(() => gates.waiting().includes(day), 'the running ingestion to plan');
      expect(
        await (await start(backfill, { workflowId: 'backfill-busy', args: [input([day], { force: true })] })).result(),
      ).toEqual([{ day, status: 'skipped', reason: 'being ingested now' }]);
      gates.open(day);
      await running.result();
      expect(planned(calls)).toEqual([day]);
    });
  });

  it('runs at most dayParallelism days at once, starting them in order as earlier ones finish', async () => {
    const days = ['2019-11-01', '2019-11-02', '2019-11-03', '2019-11-04', '2019-11-05'];
    const { calls, activities, gates } = stubs();
    gates.close(...days);
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(backfill, {
        workflowId: 'backfill-lanes',
        args: [input(days, { dayParallelism: 2 })],
      });
      const children = async () =>
        (await happenings(handle)).list.flatMap((h) => (h.kind === 'child' ? [h.workflowId.slice(-10)] : []));
      /** The most children running at once, by the backfill's history. */
      const mostAtOnce = async () => {
        let running = 0;
        let most = 0;
        for (const h of (await happenings(handle)).list) {
          if (h.kind === 'child') most = Math.max(most, ++running);
          if (h.kind === 'child closed') running--;
        }
        return most;
      };

      await eventually(() => gates.waiting().length === 2, 'two days to plan');
      expect(gates.waiting()).toEqual(days.slice(0, 2));
      expect((await handle.query(backfillProgressQuery)).running).toEqual(days.slice(0, 2));
      expect(await children()).toEqual(days.slice(0, 2));

      gates.open(days[1]!); // the second day finishes first: its lane takes the third day
      await eventually(() => gates.waiting().includes(days[2]!), 'the third day');
      expect(gates.waiting()).toEqual([days[0], days[2]]);
      gates.open(days[0]!);
      await eventually(() => gates.waiting().includes(days[3]!), 'the fourth day');
      expect(gates.waiting()).toEqual([days[2], days[3]]);
      gates.open(days[3]!, days[2]!);
      await eventually(() => gates.waiting().includes(days[4]!), 'the fifth day');
      gates.open(days[4]!);

      // Outcomes in the order of the days, whatever the order they finished in.
      expect(await handle.result()).toEqual(days.map(ingested));
      // The first two start together (their activities in any order), each later one when a lane frees.
      expect([...planned(calls).slice(0, 2).sort(), ...planned(calls).slice(2)]).toEqual(days);
      expect(await mostAtOnce()).toBe(2);
      expect(await children()).toEqual(days);
    });
  });
});
