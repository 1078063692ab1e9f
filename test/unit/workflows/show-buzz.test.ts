import type { WorkflowHandle } from '@temporalio/client';
import type { Activities } from '../../../activities';
import { DEFAULT_DEBOUNCE, type Debounce, type ShowBuzzResult } from '../../../contracts/shows';
import { addDays, dayOfMs, dayStartMs, type Day } from '../../../domain/days';
import type { ShowConfig } from '../../../domain/show-config';
import { showBuzz } from '../../../workflows/show-buzz';
import {
  configChangedSignal,
  configQuery,
  daysIngestedSignal,
  lastResultQuery,
  retireSignal,
} from '../../../contracts/shows';
import { showConfigFixture } from '../../support/show-fixture';
import { ActivityCalls, eventually, happenings, useTimeSkipping, type Happening } from '../../support/time-skipping';

/**
 * The show workflow's timing, on the time-skipping test server with its activities stubbed:
 * bursts of signals (0.4 s of quiet, 3 s at most), lingering a week after the window closes,
 * continue-as-new, retiring. Times are workflow times, read from the workflow's history: a
 * workflow's clock is the start of its current workflow task.
 *
 * A test that signals while a quiet wait runs sets the debounce in minutes (SLOW): the test
 * server runs a timer on the real clock while a workflow task is under way, and a timer that fires
 * then leaves the workflow stuck (temporalio/sdk-java#2606), which a loaded machine reaches in
 * 0.4 s. The others run on the default, where each signal ends a wait of minutes.
 */

const ts = useTimeSkipping();

const QUIET_MS = DEFAULT_DEBOUNCE.quietMs;
/** The default debounce ×100, skipped through by the test's sleeps. */
const SLOW: Debounce = { quietMs: 40_000, maxMs: 300_000 };
const MIN_IDLE_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
/**
 * The server's clock also counts the real time of workflow tasks and of the test's own calls
 * (it skips only while nothing is under way): upper bounds allow this much of it. The order of
 * events (timers started, canceled, fired) is what shows that nothing else was waited for.
 */
const SLACK_MS = 2_000;
/** Signals of a burst, apart in workflow time: well below SLOW's quiet, even with the test's real time added. */
const SIGNAL_GAP_MS = 10_000;

const showConfig = showConfigFixture;

type ShowActivities = Pick<
  Activities,
  'ensureShowIndices' | 'computeShowBuzz' | 'removeShowBuzz' | 'raiseSpikeAlerts' | 'sendAlert' | 'giveUpAlert'
>;

/** The show's activities, stubbed: computation n answers `computedAt: '#n'`. */
function stubs(): { calls: ActivityCalls; activities: ShowActivities } {
  const calls = new ActivityCalls();
  let computations = 0;
  return {
    calls,
    activities: {
      ensureShowIndices: calls.record('ensureShowIndices', async () => undefined),
      computeShowBuzz: calls.record('computeShowBuzz', async ({ config }) => result(config, ++computations)),
      removeShowBuzz: calls.record('removeShowBuzz', async () => 7),
      raiseSpikeAlerts: calls.record('raiseSpikeAlerts', async () => []),
      sendAlert: calls.record('sendAlert', async () => 'delivered'),
      giveUpAlert: calls.record('giveUpAlert', async () => undefined),
    },
  };
}

function result(config: ShowConfig, n: number): ShowBuzzResult {
  return {
    showKey: config.show_key,
    computedAt: `#${n}`,
    from: config.window_start,
    to: config.window_end,
    days: 36,
    tweets: 100 * n,
    removedDays: 0,
  };
}

/** Waits until the workflow has taken in computation n and gone idle (its query answers after each workflow task). */
async function computed(handle: WorkflowHandle, n: number): Promise<void> {
  let last: ShowBuzzResult | undefined;
  // Real time, on a machine busy with other test projects.
  const deadline = Date.now() + 60_000;
  while ((last = await handle.query(lastResultQuery))?.computedAt !== `#${n}`) {
    if (Date.now() > deadline) throw new Error(`computation #${n} was not taken in (last: ${last?.computedAt})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The history as short words (workflow tasks left out), e.g. `timer 400`, `signal retire`. */
function story(list: Happening[]): string[] {
  return list.flatMap((h) => {
    switch (h.kind) {
      case 'workflow task started':
        return [];
      case 'timer':
        return [`timer ${h.ms}`];
      case 'signal':
      case 'activity':
        return [`${h.kind} ${h.name}`];
      default:
        return [h.kind];
    }
  });
}

/** The workflow's clock when it issued the command at `index`: the start of that workflow task. */
function clockAt(list: Happening[], index: number): number {
  for (let i = index; i >= 0; i--) if (list[i]!.kind === 'workflow task started') return list[i]!.at;
  throw new Error(`no workflow task before happening ${index}`);
}

function indexes(list: Happening[], match: (h: Happening) => boolean): number[] {
  return list.flatMap((h, i) => (match(h) ? [i] : []));
}

function lastIndex(list: Happening[], match: (h: Happening) => boolean): number {
  return indexes(list, match).at(-1) ?? -1;
}

const isCompute = (h: Happening) => h.kind === 'activity' && h.name === 'computeShowBuzz';

describe('showBuzz on the time-skipping test server', () => {
  it('computes the whole window at start; a lone signal is computed after 0.4 s of quiet', async () => {
    const { calls, activities } = stubs();
    const config = showConfig();
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, { workflowId: 'show-lone-signal', args: [{ config }] });
      await computed(handle, 1);
      await handle.signal(daysIngestedSignal, ['2019-07-03']);
      await ts.env.sleep(QUIET_MS + 100);
      await computed(handle, 2);
      await handle.signal(retireSignal, { removeData: false });
      expect(await handle.result()).toEqual(result(config, 2));

      expect(calls.calls).toEqual([
        { activity: 'ensureShowIndices', input: [] },
        { activity: 'computeShowBuzz', input: [{ config }] },
        { activity: 'raiseSpikeAlerts', input: [{ config }] },
        { activity: 'computeShowBuzz', input: [{ config, days: ['2019-07-03'] }] },
        { activity: 'raiseSpikeAlerts', input: [{ config }] },
      ]);
      const { list } = await happenings(handle);
      expect(story(list)).toEqual([
        'started',
        'activity ensureShowIndices',
        'activity computeShowBuzz',
        'activity raiseSpikeAlerts',
        `timer ${MIN_IDLE_MS}`, // the window closed in 2019: it waits 10 minutes for more work
        'signal daysIngested',
        'timer canceled',
        `timer ${QUIET_MS}`,
        'timer fired',
        'activity computeShowBuzz',
        'activity raiseSpikeAlerts',
        `timer ${MIN_IDLE_MS}`,
        'signal retire',
        'timer canceled',
        `timer ${QUIET_MS}`,
        'timer fired',
        'completed',
      ]);
      const [, second] = indexes(list, isCompute);
      const signal = list.findIndex((h) => h.kind === 'signal');
      const waited = clockAt(list, second!) - clockAt(list, signal + 1);
      expect(waited).toBeGreaterThanOrEqual(QUIET_MS);
      expect(waited).toBeLessThan(QUIET_MS + SLACK_MS);
    });
  });

  it('waits out a burst: signals closer than the quiet wait are computed once, after the last, days merged', async () => {
    const { calls, activities } = stubs();
    const config = showConfig();
    const days = ['2019-07-01', '2019-07-02', '2019-07-01', '2019-07-04', '2019-07-03'];
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, { workflowId: 'show-burst', args: [{ config, debounce: SLOW }] });
      await computed(handle, 1);
      for (const day of days) {
        await handle.signal(daysIngestedSignal, [day]);
        await ts.env.sleep(SIGNAL_GAP_MS);
      }
      await ts.env.sleep(SLOW.quietMs);
      await computed(handle, 2);
      await handle.signal(retireSignal, { removeData: false });
      await handle.result();

      // One computation of the distinct days, in the order they came.
      expect(calls.of('computeShowBuzz')).toEqual([
        [{ config }],
        [{ config, days: ['2019-07-01', '2019-07-02', '2019-07-04', '2019-07-03'] }],
      ]);
      const { list } = await happenings(handle);
      const burst = story(list).slice(5, 5 + 3 * days.length + 3);
      expect(burst).toEqual([
        ...days.flatMap(() => ['signal daysIngested', 'timer canceled', `timer ${SLOW.quietMs}`]),
        'timer fired',
        'activity computeShowBuzz',
        'activity raiseSpikeAlerts',
      ]);
      const signals = indexes(list, (h) => h.kind === 'signal' && h.name === 'daysIngested');
      const [, second] = indexes(list, isCompute);
      const quiet = clockAt(list, second!) - clockAt(list, signals.at(-1)! + 1);
      expect(quiet).toBeGreaterThanOrEqual(SLOW.quietMs);
      expect(quiet).toBeLessThan(SLOW.quietMs + SLACK_MS);
    });
  });

  it('does not wait out a steady stream past the cap: it computes what came before it, then the rest', async () => {
    const { calls, activities } = stubs();
    const config = showConfig();
    const days = Array.from({ length: 40 }, (_, i) => addDays('2019-07-01', i)); // 400 s of signals
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, { workflowId: 'show-stream', args: [{ config, debounce: SLOW }] });
      await computed(handle, 1);
      for (const day of days) {
        await handle.signal(daysIngestedSignal, [day]);
        await ts.env.sleep(SIGNAL_GAP_MS);
      }
      await ts.env.sleep(SLOW.quietMs);
      await computed(handle, 3);
      await handle.signal(retireSignal, { removeData: false });
      await handle.result();

      const { list } = await happenings(handle);
      const signals = indexes(list, (h) => h.kind === 'signal' && h.name === 'daysIngested');
      const [, capped, last] = indexes(list, isCompute);
      expect(last).toBeDefined();
      // The burst's clock starts with the workflow task of its first signal; every task of the
      // burst before the cap waited again, and the last quiet wait, cut short, ends at the cap.
      const burstStart = clockAt(list, signals[0]! + 1);
      const computing = lastIndex(list.slice(0, capped), (h) => h.kind === 'workflow task started');
      const waiting = indexes(list, (h) => h.kind === 'workflow task started').filter(
        (i) => i > signals[0]! && i < computing,
      );
      for (const task of waiting) expect(list[task]!.at - burstStart).toBeLessThan(SLOW.maxMs);
      const cappedAfter = clockAt(list, capped!) - burstStart;
      expect(cappedAfter).toBeGreaterThanOrEqual(SLOW.maxMs);
      expect(cappedAfter).toBeLessThan(SLOW.maxMs + SLACK_MS);
      // It computed the days signalled before it; the rest waited for the next quiet wait.
      const before = signals.filter((i) => i < capped!).length;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(days.length);
      expect(calls.of('computeShowBuzz').slice(1)).toEqual([
        [{ config, days: days.slice(0, before) }],
        [{ config, days: days.slice(before) }],
      ]);
      const quiet = clockAt(list, last!) - clockAt(list, signals.at(-1)! + 1);
      expect(quiet).toBeGreaterThanOrEqual(SLOW.quietMs);
      expect(quiet).toBeLessThan(SLOW.quietMs + SLACK_MS);
    });
  });

  it('recomputes the whole window with a changed row; days signalled in the same burst go with it', async () => {
    const { calls, activities } = stubs();
    const config = showConfig();
    const changed = showConfig({
      window_end: '2019-08-05',
      excluded: [{ text: '#spoilers', kind: 'hashtag', tag: 'spoilers' }],
    });
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, { workflowId: 'show-changed', args: [{ config, debounce: SLOW }] });
      await computed(handle, 1);
      await handle.signal(daysIngestedSignal, ['2019-07-02']);
      await handle.signal(configChangedSignal, changed);
      await handle.signal(daysIngestedSignal, ['2019-07-03']);
      await ts.env.sleep(SLOW.quietMs + 1_000);
      await computed(handle, 2);
      expect(await handle.query(configQuery)).toEqual(changed);
      await handle.signal(retireSignal, { removeData: false });
      expect(await handle.result()).toEqual(result(changed, 2));

      expect(calls.of('computeShowBuzz')).toEqual([[{ config }], [{ config: changed }]]);
    });
  });

  it('lingers until a week after its window closes (two days later), computing new days meanwhile, then ends', async () => {
    const { calls, activities } = stubs();
    const today = dayOfMs(await ts.env.currentTimeMs());
    const config = showConfig({
      launch_date: addDays(today, -7),
      window_start: addDays(today, -14),
      window_end: addDays(today, 1),
    });
    const closes = dayStartMs(addDays(config.window_end, 2)) + 7 * DAY_MS;
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, { workflowId: 'show-linger', args: [{ config }] });
      await computed(handle, 1);
      await ts.env.sleep(3 * DAY_MS);
      await handle.signal(daysIngestedSignal, [today]);
      await ts.env.sleep(QUIET_MS + 100);
      await computed(handle, 2);
      expect(await handle.result()).toEqual(result(config, 2));

      expect(calls.of('computeShowBuzz')).toEqual([[{ config }], [{ config, days: [today] }]]);
      const { start: startedAt, list } = await happenings(handle);
      const idle = indexes(list, (h) => h.kind === 'timer' && h.ms > QUIET_MS);
      expect(idle).toHaveLength(2);
      // Both waits end at the same instant: the deadline is the window's, not the last work's.
      for (const i of idle) {
        const timer = list[i] as Extract<Happening, { kind: 'timer' }>;
        expect(startedAt + clockAt(list, i) + timer.ms).toBe(closes);
      }
      const fired = lastIndex(list, (h) => h.kind === 'timer fired');
      expect(startedAt + list[fired]!.at).toBeGreaterThanOrEqual(closes);
      expect(story(list).slice(-2)).toEqual(['timer fired', 'completed']);
      expect(startedAt + list.at(-1)!.at - closes).toBeLessThan(SLACK_MS);
    });
  });

  it('ends 10 minutes after its last work when its window closed long ago', async () => {
    const { calls, activities } = stubs();
    const config = showConfig();
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, { workflowId: 'show-idle', args: [{ config }] });
      await computed(handle, 1);
      await ts.env.sleep(5 * 60_000);
      await handle.signal(daysIngestedSignal, ['2019-07-10']);
      await ts.env.sleep(QUIET_MS + 100);
      await computed(handle, 2);
      expect(await handle.result()).toEqual(result(config, 2));

      expect(calls.of('computeShowBuzz')).toHaveLength(2);
      const { list } = await happenings(handle);
      const [, second] = indexes(list, isCompute);
      const lastTimer = lastIndex(list, (h) => h.kind === 'timer');
      expect(list[lastTimer]).toMatchObject({ kind: 'timer', ms: MIN_IDLE_MS });
      expect(lastTimer).toBeGreaterThan(second!);
      const ended = list.at(-1)!;
      expect(ended.kind).toBe('completed');
      expect(ended.at - clockAt(list, lastTimer)).toBeGreaterThanOrEqual(MIN_IDLE_MS);
      expect(ended.at - clockAt(list, lastTimer)).toBeLessThan(MIN_IDLE_MS + SLACK_MS);
      // 5 minutes, the quiet 0.4 s, 10 minutes: the first wait was cut short by the signal.
      expect(ended.at).toBeGreaterThanOrEqual(5 * 60_000 + QUIET_MS + MIN_IDLE_MS);
    });
  });

  it('retires with data removal: after the burst, removes the documents once and ends without computing', async () => {
    const { calls, activities } = stubs();
    const config = showConfig();
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, {
        workflowId: 'show-retire-remove',
        args: [{ config, debounce: SLOW }],
      });
      await computed(handle, 1);
      await handle.signal(configChangedSignal, showConfig({ window_end: '2019-08-30' }));
      await handle.signal(daysIngestedSignal, ['2019-07-02']);
      await handle.signal(retireSignal, { removeData: true });
      expect(await handle.result()).toEqual(result(config, 1));

      expect(calls.names()).toEqual(['ensureShowIndices', 'computeShowBuzz', 'raiseSpikeAlerts', 'removeShowBuzz']);
      expect(calls.of('removeShowBuzz')).toEqual([[{ showKey: config.show_key }]]);
      const { list } = await happenings(handle);
      expect(story(list).slice(-4)).toEqual([
        `timer ${SLOW.quietMs}`,
        'timer fired',
        'activity removeShowBuzz',
        'completed',
      ]);
    });
  });

  it('retires without data removal: ends at once after the quiet 0.4 s and leaves the documents', async () => {
    const { calls, activities } = stubs();
    const config = showConfig();
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, { workflowId: 'show-retire-keep', args: [{ config }] });
      await computed(handle, 1);
      await handle.signal(retireSignal, { removeData: false });
      expect(await handle.result()).toEqual(result(config, 1));

      expect(calls.names()).toEqual(['ensureShowIndices', 'computeShowBuzz', 'raiseSpikeAlerts']);
      const { list } = await happenings(handle);
      expect(story(list).slice(-5)).toEqual([
        'signal retire',
        'timer canceled',
        `timer ${QUIET_MS}`,
        'timer fired',
        'completed',
      ]);
    });
  });

  it('continues as new past 2,000 history events, carrying its configuration, last result and state', async () => {
    const { calls, activities } = stubs();
    const config = showConfig();
    const changed = showConfig({ window_end: '2019-08-05' });
    const days: Day[] = Array.from({ length: 2_000 }, (_, i) => addDays('2000-01-01', i));
    await ts.withWorker(activities, async ({ startHeld }) => {
      // One history event per signal: a changed row and 2,000 days before its first workflow task
      // (so that no timer of the burst can race a task under way, temporalio/sdk-java#2606).
      const { handle, release } = await startHeld(showBuzz, {
        workflowId: 'show-continued',
        args: [{ config, debounce: SLOW }],
      });
      await handle.signal(configChangedSignal, changed);
      for (let i = 0; i < days.length; i += 100) {
        await Promise.all(days.slice(i, i + 100).map((day) => handle.signal(daysIngestedSignal, [day])));
      }
      await release();
      // The first run's own result (time skipping on): it ends by continuing as new.
      const first = ts.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId, {
        followRuns: false,
      });
      await expect(first.result()).rejects.toMatchObject({ name: 'WorkflowExecutionContinuedAsNewError' });

      const before = await happenings(first);
      expect(before.events).toBeGreaterThan(2_000);
      // It computed the changed row's whole window once (which takes in the days), then continued.
      expect(story(before.list).filter((word) => !word.startsWith('signal'))).toEqual([
        'started',
        'activity ensureShowIndices',
        'activity computeShowBuzz',
        'activity raiseSpikeAlerts',
        'continued as new',
      ]);
      expect(calls.of('computeShowBuzz')).toEqual([[{ config: changed }]]);

      await eventually(() => calls.of('ensureShowIndices').length === 2, 'the new run');
      const description = await handle.describe();
      expect(description.runId).not.toBe(handle.firstExecutionRunId);
      const second = ts.env.client.workflow.getHandle(handle.workflowId, description.runId);
      await computed(handle, 1);
      expect(await handle.query(configQuery)).toEqual(changed);
      const after = await happenings(second);
      const startedWith = after.list[0] as Extract<Happening, { kind: 'started' }>;
      expect(startedWith.input).toEqual([
        { config: changed, last: result(changed, 1), pendingDays: [], computed: true, debounce: SLOW },
      ]);
      // Already computed: the new run waits for work instead of computing its window again.
      expect(story(after.list)).toEqual(['started', 'activity ensureShowIndices', `timer ${MIN_IDLE_MS}`]);

      await handle.signal(daysIngestedSignal, ['2019-07-04']);
      await ts.env.sleep(SLOW.quietMs + 1_000);
      await computed(handle, 2);
      expect(calls.of('computeShowBuzz').at(-1)).toEqual([{ config: changed, days: ['2019-07-04'] }]);
      await handle.signal(retireSignal, { removeData: false });
      expect(await handle.result()).toEqual(result(changed, 2));
      expect((await happenings(second)).list.at(-1)!.kind).toBe('completed');
    });
  });
});
