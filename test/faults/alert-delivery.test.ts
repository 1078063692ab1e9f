import type { AlertRecord } from '../../domain/alerts';
import { indexNames } from '../../domain/index-names';
import { startAlertWebhookServer } from '../support/alert-webhook-server';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';
import { countsOn, deliveryOutcome, recentDays, seedDailySeries, startShows } from '../support/daily-series';
import { waitFor } from '../support/live-capture';
import { PLANTED_SPIKE, spikingShowRow } from '../support/planted-spike';

const SECRET = 'alert-secret-0123456789';
/** Eight days up to yesterday; the show spikes yesterday (median 10, threshold 25.811). */
const DAYS = recentDays(8);
const SHOW = spikingShowRow('Zephyrine Hollow', '2', DAYS);
const ALERT_ID = `spike:zephyrine-hollow:2:${DAYS[7]}`;

async function spikingShow(webhookUrl: string): Promise<BuzzTestEnv> {
  const env = await createBuzzTestEnv({
    store: 'file',
    env: { BUZZ_ALERT_WEBHOOK_URL: webhookUrl, BUZZ_ALERT_WEBHOOK_SECRET: SECRET },
  });
  await seedDailySeries(
    env.es,
    indexNames(env.config.elasticsearch.indexPrefix),
    [{ phrase: 'Zephyrine Hollow', counts: countsOn(DAYS, PLANTED_SPIKE.counts) }],
    DAYS,
  );
  return env;
}

function alert(env: BuzzTestEnv): Promise<AlertRecord | undefined> {
  return env.repos.alerts.list().then((alerts) => alerts.find((a) => a.alert_id === ALERT_ID));
}

/**
 * R9 (docs/reliability.md): the alert webhook is down for a minute (connections refused for 30 s,
 * then 500s), and a worker dies in the middle of sending. The alert stays pending, each failed
 * attempt is recorded on it, and the webhook takes it exactly once when it can.
 */
describe('R9: spike alert delivery against a failing webhook and a dying worker', () => {
  it('rides out a webhook that refuses connections, then answers 500, for a minute', async () => {
    const webhook = await startAlertWebhookServer(SECRET);
    const env = await spikingShow(webhook.url);
    try {
      await webhook.stop();
      const downAt = Date.now();
      await env.startWorker();
      await startShows(env, [SHOW]);
      const refused = await waitFor(
        'a refused attempt recorded',
        () => alert(env),
        (a) => (a?.attempts ?? 0) >= 1,
      );
      expect(refused).toMatchObject({ status: 'pending' });
      expect(refused!.last_error).toMatch(/^The alert webhook at 127\.0\.0\.1:\d+ did not answer: ECONNREFUSED$/);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + 30_000 - Date.now())));
      await webhook.start();
      webhook.setMode('error');
      await waitFor(
        'a 500 recorded',
        () => alert(env),
        (a) => /answered 500/.test(a?.last_error ?? ''),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + 60_000 - Date.now())));
      webhook.setMode('ok');

      expect(await deliveryOutcome(env, ALERT_ID)).toBe('delivered');
      expect(webhook.accepted()).toHaveLength(1);
      expect(webhook.received.every((r) => r.alertId === ALERT_ID && r.signed)).toBe(true);
      expect(webhook.received.filter((r) => r.status === 500).length).toBeGreaterThanOrEqual(1);
      const delivered = (await alert(env))!;
      expect(delivered.status).toBe('delivered');
      // Every attempt is counted: the refused ones never reached the server.
      expect(delivered.attempts).toBeGreaterThan(webhook.received.length);
      expect(Date.parse(delivered.delivered_at!) - downAt).toBeGreaterThanOrEqual(60_000);
    } finally {
      await env.close();
      await webhook.stop().catch(() => undefined);
    }
  }, 240_000);

  it('a worker killed while the webhook has not answered: another worker sends it, and it is taken once', async () => {
    const webhook = await startAlertWebhookServer(SECRET);
    const env = await spikingShow(webhook.url);
    try {
      webhook.setMode('hang');
      const doomed = await startCli(['worker'], env.env, /polling task queue/);
      await startShows(env, [SHOW]);
      // The first attempt times out (10 s); the second is under way when its worker dies.
      const timedOut = await waitFor(
        'a timed-out attempt recorded',
        () => alert(env),
        (a) => (a?.attempts ?? 0) >= 1,
      );
      expect(timedOut!.last_error).toMatch(/^The alert webhook at 127\.0\.0\.1:\d+ did not answer: .*timeout/);
      await waitFor(
        'the second attempt',
        async () => webhook.received.length,
        (n) => n >= 2,
      );
      const survivor = await startCli(['worker'], env.env, /polling task queue/);
      doomed.process.kill('SIGKILL');
      webhook.setMode('ok');
      try {
        expect(await deliveryOutcome(env, ALERT_ID)).toBe('delivered');
      } finally {
        await survivor.stop();
      }
      expect(webhook.received.map((r) => [r.alertId, r.signed, r.status])).toEqual([
        [ALERT_ID, true, 'no answer'],
        [ALERT_ID, true, 'no answer'],
        [ALERT_ID, true, 200],
      ]);
      expect(await alert(env)).toMatchObject({ status: 'delivered', attempts: 3 });
    } finally {
      await env.close();
      await webhook.stop().catch(() => undefined);
    }
  }, 240_000);
});
