import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { Activities } from '../../../activities';
import type { CaptureResult } from '../../../contracts/capture';
import { hourStartMs } from '../../../domain/days';
import { captureJetstream } from '../../../workflows/capture-jetstream';
import {
  captureStatusQuery,
  initialCaptureState,
  resealHoursSignal,
  stopCaptureSignal,
  type CaptureStatus,
} from '../../../contracts/capture';
import { ActivityCalls, useTimeSkipping } from '../../support/time-skipping';

/**
 * The capture workflow's bookkeeping on the time-skipping test server, its activities stubbed:
 * run n "receives" the events of hour n (its cursor half-way into it), so that hour n − 1 is
 * sealed after run n. Runs from `blockFrom` on wait until the test lets them go.
 */

const ts = useTimeSkipping();

const FROM = '2026-11-20T00';
const HOUR_US = 3_600_000_000;
const hourKey = (n: number) => new Date(hourStartMs(FROM) + n * 3_600_000).toISOString().slice(0, 13);

type CaptureActivities = Pick<Activities, 'ensureIngestIndices' | 'captureJetstream' | 'sealLiveHour' | 'notifyShows'>;

function stubs(options: { failSeal: Set<string>; failRuns: Set<number>; blockFrom: number }) {
  const calls = new ActivityCalls();
  let runs = 0;
  const waiting: (() => void)[] = [];
  const activities: CaptureActivities = {
    ensureIngestIndices: calls.record('ensureIngestIndices', async () => undefined),
    captureJetstream: calls.record('captureJetstream', async (): Promise<CaptureResult> => {
      const n = runs++;
      if (n >= options.blockFrom) await new Promise<void>((resolve) => waiting.push(resolve));
      if (options.failRuns.has(n))
        throw ApplicationFailure.nonRetryable(`run ${n}: ECONNREFUSED`, 'jetstream_unreachable');
      const startUs = hourStartMs(FROM) * 1000 + n * HOUR_US;
      return {
        cursor: startUs + HOUR_US / 2,
        hours: [hourKey(n)],
        firstUs: startUs,
        gaps: [],
        frames: 10,
        reconnects: 0,
        seconds: 1,
      };
    }),
    sealLiveHour: calls.record('sealLiveHour', async ({ day, hour }) => {
      if (options.failSeal.has(`${day}T${hour}`))
        throw ApplicationFailure.nonRetryable(`${day}T${hour}: the index refused it`, 'index_refused');
      return { day, hour, complete: true, kept: 0, affectedDays: [] };
    }),
    notifyShows: calls.record('notifyShows', async () => []),
  };
  return { calls, activities, release: () => waiting.splice(0).forEach((go) => go()), waiting: () => waiting.length };
}

async function statusWhen(
  handle: WorkflowHandle<typeof captureJetstream>,
  predicate: (status: CaptureStatus) => boolean,
  what: string,
): Promise<CaptureStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await handle.query(captureStatusQuery);
    if (predicate(status)) return status;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits (in real time) until a run is blocked at the test's gate, skipping `skipMs` of workflow time at each look. */
async function runWaiting(waiting: () => number, skipMs = 0): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (waiting() === 0) {
    if (Date.now() > deadline) throw new Error('no capture run is waiting');
    if (skipMs > 0) await ts.env.sleep(skipMs);
    else await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const start = () =>
  initialCaptureState({
    url: 'ws://127.0.0.1:1/subscribe',
    languages: ['en'],
    cursor: hourStartMs(FROM) * 1000,
    options: { sealGraceSeconds: 0 },
  });

describe('captureJetstream on the time-skipping test server', () => {
  it('lists an hour that failed to seal and goes on; `resealHours` seals it again after the next run', async () => {
    const stub = stubs({ failSeal: new Set([hourKey(1)]), failRuns: new Set(), blockFrom: 3 });
    await ts.withWorker(stub.activities, async (scope) => {
      const handle = await scope.start(captureJetstream, { workflowId: 'capture-reseal', args: [start()] });
      const failed = await statusWhen(
        handle,
        (s) => s.failedHours?.length === 1 && s.hoursSealed === 1,
        'hour 1 to fail',
      );
      expect(failed).toMatchObject({ hoursSealed: 1, lastSealed: hourKey(0), openHours: [hourKey(2)] });
      expect(failed.failedHours).toEqual([
        { hour: hourKey(1), error: expect.stringContaining('the index refused it') },
      ]);

      stub.activities.sealLiveHour = stub.calls.record('sealLiveHour', async ({ day, hour }) => {
        return { day, hour, complete: true, kept: 0, affectedDays: [] };
      });
      await handle.signal(resealHoursSignal, [hourKey(1), '2026-11-19T00']);
      expect((await handle.query(captureStatusQuery)).openHours).toEqual([hourKey(1), hourKey(2)]);
      await runWaiting(stub.waiting);
      stub.release();
      const resealed = await statusWhen(handle, (s) => s.hoursSealed === 3, 'hours 1 and 2 to be sealed');
      expect(resealed).toMatchObject({ failedHours: [], openHours: [hourKey(3)] });
      // Hour 1 twice (failed, then sealed again), complete: the capture covered it.
      expect(stub.calls.of('sealLiveHour').map(([input]) => input)).toEqual([
        { day: '2026-11-20', hour: '00', languages: ['en'], complete: true },
        { day: '2026-11-20', hour: '01', languages: ['en'], complete: true },
        { day: '2026-11-20', hour: '01', languages: ['en'], complete: true },
        { day: '2026-11-20', hour: '02', languages: ['en'], complete: true },
      ]);
      // Stopped while a run is under way: that run ends, then the open hours are sealed.
      await runWaiting(stub.waiting);
      await handle.signal(stopCaptureSignal);
      stub.release();
      const final = await handle.result();
      expect(final).toMatchObject({ hoursSealed: 5, openHours: [], failedHours: [] });
    });
  });

  it('records why a run failed, waits 30 s, keeps the cursor, and clears the error after a run succeeds', async () => {
    const stub = stubs({ failSeal: new Set(), failRuns: new Set([1]), blockFrom: 2 });
    await ts.withWorker(stub.activities, async (scope) => {
      const handle = await scope.start(captureJetstream, { workflowId: 'capture-last-error', args: [start()] });
      const failing = await statusWhen(handle, (s) => s.lastError !== undefined, 'the last error');
      expect(failing.lastError!.message).toBe('run 1: ECONNREFUSED');
      expect(failing.cursor).toBe(hourStartMs(FROM) * 1000 + HOUR_US / 2);
      const before = Date.parse(failing.lastError!.at);
      // The test server skips the 30 s pause when asked to; run 2 then waits for the test, the error still shown.
      await runWaiting(stub.waiting, 5_000);
      expect((await handle.query(captureStatusQuery)).lastError?.message).toBe('run 1: ECONNREFUSED');
      stub.release();
      const recovered = await statusWhen(handle, (s) => s.lastError === undefined, 'the error to clear');
      expect(recovered.cursor).toBe(hourStartMs(FROM) * 1000 + 2 * HOUR_US + HOUR_US / 2);
      const describe = await handle.describe();
      expect(describe.status.name).toBe('RUNNING');
      expect(Date.parse(recovered.lastRun!.endedAt) - before).toBeGreaterThanOrEqual(30_000);
      // Stopped while a run is under way: that run ends, then the open hours are sealed.
      await runWaiting(stub.waiting);
      await handle.signal(stopCaptureSignal);
      stub.release();
      const final = await handle.result();
      expect([final.lastError, final.hoursSealed, final.openHours]).toEqual([undefined, 3, []]);
    });
  });
});
