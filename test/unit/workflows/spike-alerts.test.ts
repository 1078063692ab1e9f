import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../../activities';
import type { ShowBuzzResult } from '../../../contracts/shows';
import { workflowIds } from '../../../contracts/workflow-ids';
import { deliverSpikeAlert } from '../../../workflows/deliver-spike-alert';
import { showBuzz } from '../../../workflows/show-buzz';
import { daysIngestedSignal, lastResultQuery, retireSignal } from '../../../contracts/shows';
import { showConfigFixture } from '../../support/show-fixture';
import { ActivityCalls, eventually, happenings, useTimeSkipping } from '../../support/time-skipping';

/**
 * Spike alerts' workflows on the time-skipping test server, activities stubbed: the show workflow
 * starts one delivery per alert however often the alert is raised, and a delivery retries with
 * backoff until the webhook takes it, or gives up when it is refused.
 */

const ts = useTimeSkipping();

const ALERT = 'spike:zephyrine-hollow:2:2019-07-01';

const config = showConfigFixture();

type AlertActivities = Pick<
  Activities,
  'ensureShowIndices' | 'computeShowBuzz' | 'removeShowBuzz' | 'raiseSpikeAlerts' | 'sendAlert' | 'giveUpAlert'
>;

/** `send` answers each sendAlert attempt (by its number). */
function stubs(send: (attempt: number) => Promise<string>): { calls: ActivityCalls; activities: AlertActivities } {
  const calls = new ActivityCalls();
  let computations = 0;
  let attempts = 0;
  return {
    calls,
    activities: {
      ensureShowIndices: calls.record('ensureShowIndices', async () => undefined),
      computeShowBuzz: calls.record('computeShowBuzz', async (): Promise<ShowBuzzResult> => ({
        showKey: config.show_key,
        computedAt: `#${++computations}`,
        from: config.window_start,
        to: config.window_end,
        days: 36,
        tweets: 100,
        removedDays: 0,
      })),
      removeShowBuzz: calls.record('removeShowBuzz', async () => 0),
      // Still pending every time: the delivery's id is what keeps it from starting twice.
      raiseSpikeAlerts: calls.record('raiseSpikeAlerts', async () => [ALERT]),
      sendAlert: calls.record('sendAlert', async () => send(++attempts)),
      giveUpAlert: calls.record('giveUpAlert', async () => undefined),
    },
  };
}

describe('spike alert workflows on the time-skipping test server', () => {
  it('the show workflow starts one delivery for an alert raised by two computations', async () => {
    const { calls, activities } = stubs(async () => 'delivered');
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(showBuzz, { workflowId: 'show-alerts', args: [{ config }] });
      await eventually(() => calls.of('sendAlert').length === 1, 'the first delivery');
      await handle.signal(daysIngestedSignal, ['2019-07-01']);
      await ts.env.sleep(1_000);
      await eventually(() => calls.of('raiseSpikeAlerts').length === 2, 'the second raising');
      expect((await handle.query(lastResultQuery))?.computedAt).toBe('#2');
      await handle.signal(retireSignal, { removeData: false });
      await handle.result();

      expect(calls.of('sendAlert')).toEqual([[{ alertId: ALERT }]]);
      const children = (await happenings(handle)).list.filter((h) => h.kind === 'child');
      expect(children.map((h) => h.kind === 'child' && h.workflowId)).toEqual([
        workflowIds.alert(ALERT),
        workflowIds.alert(ALERT),
      ]);
      const delivery = ts.env.client.workflow.getHandle(workflowIds.alert(ALERT));
      expect(await delivery.result()).toBe('delivered');
    });
  });

  it('a delivery retries a failing webhook 5 s, 10 s, 20 s apart until it takes the alert', async () => {
    const { calls, activities } = stubs(async (attempt) => {
      if (attempt < 4) throw new Error(`The alert webhook at 127.0.0.1 answered 500 (attempt ${attempt})`);
      return 'delivered';
    });
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(deliverSpikeAlert, { workflowId: 'alert-retried', args: [{ alertId: ALERT }] });
      expect(await handle.result()).toBe('delivered');
      expect(calls.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
      expect(calls.of('giveUpAlert')).toEqual([]);
      const { list } = await happenings(handle);
      const took = list.at(-1)!.at - list[0]!.at;
      expect(took).toBeGreaterThanOrEqual(35_000);
      expect(took).toBeLessThan(45_000);
    });
  });

  it('a delivery the webhook refuses for good is given up at once, with the reason', async () => {
    const { calls, activities } = stubs(async () => {
      throw ApplicationFailure.nonRetryable(
        'The alert webhook at 127.0.0.1 answered 404 Not Found',
        'alert_webhook_refused',
      );
    });
    await ts.withWorker(activities, async ({ start }) => {
      const handle = await start(deliverSpikeAlert, { workflowId: 'alert-refused', args: [{ alertId: ALERT }] });
      expect(await handle.result()).toBe('failed');
      expect(calls.of('sendAlert')).toHaveLength(1);
      expect(calls.of('giveUpAlert')).toEqual([
        [{ alertId: ALERT, reason: 'not delivered: The alert webhook at 127.0.0.1 answered 404 Not Found' }],
      ]);
    });
  });
});
