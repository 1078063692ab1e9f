import { pino } from 'pino';
import { createApiServer } from '../../api/app';
import { FileStore } from '../../adapters/file-store';
import type { AlertRecord } from '../../domain/alerts';
import { addDays, daysBetween, type Day } from '../../domain/days';
import { indexNames } from '../../domain/index-names';
import { startWikimediaServer, type WikimediaServer } from '../../infra/local/wikimedia-server';
import type { ShowConfig } from '../../domain/show-config';
import { workflowIds, workflowLink } from '../../contracts/workflow-ids';
import { SHOW_WORKFLOW } from '../../contracts/shows';
import { startAlertWebhookServer } from '../support/alert-webhook-server';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import {
  countsOn,
  deliveryOutcome,
  raisedAlerts,
  recentDays,
  seedDailySeries,
  seedLiveHours,
  startShows,
  type DailySeries,
} from '../support/daily-series';
import { PLANTED_SPIKE } from '../support/planted-spike';

const SECRET = 'alert-secret-0123456789';
/** Nine days up to yesterday: day 0 is nine days ago. */
const DAYS = recentDays(9);
const on = (counts: number[]) => countsOn(DAYS, counts);

/**
 * Zephyrine Hollow spikes on day 7 (two days ago): baseline median 10, MAD 1, spread √10, threshold
 * 10 + 5·√10 = 25.811, and 60 tweets. Glimmer Tide wobbles around 30 (threshold 30 + 5·√30 ≈ 57).
 * Quillfeather has Zephyrine's series but k = 50 in its row. Bramblewick spikes on day 4
 * (five days ago), more than BUZZ_ALERT_MAX_AGE_DAYS (3) ago: recorded, not sent.
 */
const SERIES: DailySeries = [
  { phrase: 'Zephyrine Hollow', counts: on([...PLANTED_SPIKE.counts, 14]) },
  { phrase: 'Glimmer Tide', counts: on([28, 31, 30, 29, 33, 30, 27, 32, 30]) },
  { phrase: 'Quillfeather', counts: on([...PLANTED_SPIKE.counts, 14]) },
  { phrase: 'Bramblewick', counts: on([5, 6, 5, 6, 40, 6, 5, 6, 5]) },
];

/**
 * Pageviews, from the local stand-in of the Wikimedia API (the real one is not reachable here):
 * every week around 1,000 views a day (median 1,000, MAD 100, threshold 1,000 + 5 × 100 = 1,500),
 * with 6,000 on a spike day. Glimmer Tide's article spikes yesterday though its tweets do not;
 * Bramblewick's on the day its tweets do, an alert of its own beside theirs.
 */
const WEEK_OF_VIEWS = [1000, 1200, 1100, 900, 1000, 1100, 1000];
const PAGEVIEWS_SPIKE = {
  pageviews: 6000,
  baseline_periods: 7,
  baseline_median: 1000,
  baseline_mad: 100,
  threshold: 1500,
};
function articleViews(spikeDay: Day): Record<Day, number> {
  const days = daysBetween(addDays(DAYS[0]!, -30), DAYS[8]!);
  return Object.fromEntries(
    days.map((day, i) => [day, day === spikeDay ? PAGEVIEWS_SPIKE.pageviews : WEEK_OF_VIEWS[i % 7]!]),
  );
}

const SHEET: Record<string, string>[] = [
  { show_name: 'Zephyrine Hollow', season: '2', launch_date: DAYS[7]!, mandatory_search_terms: 'Zephyrine Hollow' },
  {
    show_name: 'Glimmer Tide',
    season: '1',
    launch_date: DAYS[7]!,
    mandatory_search_terms: 'Glimmer Tide',
    wikipedia_articles: 'en:Glimmer Tide',
  },
  {
    show_name: 'Quillfeather',
    season: '3',
    launch_date: DAYS[7]!,
    mandatory_search_terms: 'Quillfeather',
    alert_k: '50',
  },
  {
    show_name: 'Bramblewick',
    season: '1',
    launch_date: DAYS[4]!,
    mandatory_search_terms: 'Bramblewick',
    wikipedia_articles: 'en:Bramblewick',
  },
];
/** The shows that list articles compute twice: at once, and when their pageviews are in. */
const WITH_ARTICLES = ['glimmer-tide:1', 'bramblewick:1'];
const ZEPHYRINE_SPIKE = `spike:zephyrine-hollow:2:${DAYS[7]}`;
const GLIMMER_PAGEVIEWS_SPIKE = `spike:glimmer-tide:1:wikipedia:${DAYS[8]}`;

describe('spike alerts: found once, sent once, signed (real Elasticsearch and Temporal, a local Slack-style webhook and Wikimedia API)', () => {
  let env: BuzzTestEnv;
  let webhook: Awaited<ReturnType<typeof startAlertWebhookServer>>;
  let wikimedia: WikimediaServer;
  let shows: ShowConfig[];

  const alerts = () => env.repos.alerts.list();

  beforeAll(async () => {
    webhook = await startAlertWebhookServer(SECRET);
    wikimedia = await startWikimediaServer({
      sample: {
        from: addDays(DAYS[0]!, -30),
        to: DAYS[8]!,
        lastPublished: DAYS[8]!,
        articles: [
          { project: 'en.wikipedia', title: 'Glimmer_Tide', views: articleViews(DAYS[8]!) },
          { project: 'en.wikipedia', title: 'Bramblewick', views: articleViews(DAYS[4]!) },
        ],
      },
    });
    env = await createBuzzTestEnv({
      store: 'file',
      env: {
        BUZZ_ALERT_WEBHOOK_URL: webhook.url,
        BUZZ_ALERT_WEBHOOK_SECRET: SECRET,
        BUZZ_ALERT_MAX_AGE_DAYS: '3',
        WIKIMEDIA_API_URL: wikimedia.url,
      },
    });
    await seedDailySeries(env.es, indexNames(env.config.elasticsearch.indexPrefix), SERIES, DAYS);
    await env.startWorker();
    shows = await startShows(env, SHEET);
    for (const show of shows) await raisedAlerts(env, show.show_key, WITH_ARTICLES.includes(show.show_key) ? 2 : 1);
  }, 180_000);

  afterAll(async () => {
    await env?.close();
    await webhook?.stop();
    await wikimedia?.close();
  });

  it('sends one alert per recent spike, of tweets or of pageviews, signed and in Slack’s format', async () => {
    expect(await deliveryOutcome(env, ZEPHYRINE_SPIKE)).toBe('delivered');
    expect(await deliveryOutcome(env, GLIMMER_PAGEVIEWS_SPIKE)).toBe('delivered');
    const received = [...webhook.received].sort((a, b) => a.alertId.localeCompare(b.alertId));
    expect(received.map((r) => [r.alertId, r.signed, r.status])).toEqual([
      [GLIMMER_PAGEVIEWS_SPIKE, true, 200],
      [ZEPHYRINE_SPIKE, true, 200],
    ]);
    expect(received[0]!.body.text).toBe(
      `Spike: Glimmer Tide (season 1) had 6,000 Wikipedia pageviews on ${DAYS[8]} (day 1 of its launch), ` +
        'against a median of 1,000 over the 7 days before.',
    );
    expect(received[0]!.body.buzz_alert).toMatchObject({ source: 'wikipedia', tweets: null, pageviews: 6000 });
    const alertId = ZEPHYRINE_SPIKE;
    const request = received[1];
    expect(request).toMatchObject({ alertId, signed: true, status: 200 });
    expect(request!.body.buzz_alert).toMatchObject({
      alert_id: alertId,
      show_key: 'zephyrine-hollow:2',
      tweets: 60,
      // Counted organic (BUZZ_ALERT_COUNTS' default): the seeded posts are all the audience's.
      counts: 'organic',
      organic_tweets: 60,
      owned: 0,
      flood: 0,
      burst: 0,
      est_tweets: 6000,
      sample_rate: 0.01,
    });
    expect(request!.body.text).toBe(
      `Spike: Zephyrine Hollow (season 2) had 60 matching tweets (all organic) on ${DAYS[7]} (day 0 of its launch), ` +
        'against a median of 10 over the 7 days before. Counted from a sample: an estimated 6,000 in all ' +
        '(95% interval 4,578–7,724).',
    );
  });

  it('records every spike with its baseline; an old one is kept but not sent; none for the flat show or a high k', async () => {
    const found = await alerts();
    expect(found).toMatchObject([
      {
        alert_id: GLIMMER_PAGEVIEWS_SPIKE,
        cadence: 'day',
        source: 'wikipedia',
        date: DAYS[8],
        days_since_launch: 1,
        status: 'delivered',
        ...PAGEVIEWS_SPIKE,
        ...PLANTED_SPIKE.rule,
      },
      {
        alert_id: ZEPHYRINE_SPIKE,
        status: 'delivered',
        ...PLANTED_SPIKE.alert,
        // 60 tweets of the 1% sample: an estimate, and no reason for lacking one.
        est_tweets: 6000,
        est_tweets_low: 4578,
        est_tweets_high: 7724,
        sample_rate: 0.01,
        no_estimate: null,
        ...PLANTED_SPIKE.rule,
      },
      {
        alert_id: `spike:bramblewick:1:${DAYS[4]}`,
        status: 'not_sent',
        reason: 'older than 3 days when found (BUZZ_ALERT_MAX_AGE_DAYS)',
        tweets: 40,
        baseline_periods: 4,
        baseline_median: 5.5,
        baseline_mad: 0.5,
        threshold: 17.226,
        ...PLANTED_SPIKE.rule,
      },
      {
        alert_id: `spike:bramblewick:1:wikipedia:${DAYS[4]}`,
        source: 'wikipedia',
        status: 'not_sent',
        reason: 'older than 3 days when found (BUZZ_ALERT_MAX_AGE_DAYS)',
        ...PAGEVIEWS_SPIKE,
      },
    ]);
    expect(found).toHaveLength(4);
    // A pageviews alert counts no tweets and has nothing to estimate; a tweets alert counts no pageviews.
    expect([found[0]!.tweets, found[0]!.est_tweets, found[1]!.pageviews]).toEqual([undefined, undefined, undefined]);
    expect(found[1]!.reason).toBeUndefined();
    const delivered = found[1]!;
    expect(delivered).toMatchObject({ attempts: 1, days_since_launch: 0 });
    expect(Date.parse(delivered.delivered_at!)).toBeGreaterThan(Date.parse(delivered.detected_at));
  });

  it('a recomputation of the spike day raises nothing again', async () => {
    const before: AlertRecord[] = await alerts();
    const zephyrine = shows[0]!;
    const workflow = env.temporal.workflow.getHandle(workflowIds.show(zephyrine.show_key));
    await workflow.signal(SHOW_WORKFLOW.daysIngested, [DAYS[7], DAYS[8]]);
    await raisedAlerts(env, zephyrine.show_key, 2);
    await workflow.signal(SHOW_WORKFLOW.configChanged, { ...zephyrine, studio_or_network: 'Northlight' });
    await raisedAlerts(env, zephyrine.show_key, 3);
    expect(await alerts()).toEqual(before);
    expect(webhook.received).toHaveLength(2);
  });

  it('lists the alerts over the API, with where each stands, by show or status', async () => {
    const api = createApiServer({
      config: env.config,
      es: env.es,
      temporal: env.temporal,
      store: new FileStore('file:', env.workDir),
      logger: pino({ level: 'silent' }),
    });
    try {
      const base = `http://127.0.0.1:${await api.start(0)}`;
      const get = async (query: string) => {
        const response = await fetch(`${base}/api/alerts${query}`);
        return { status: response.status, body: (await response.json()) as Record<string, unknown>[] };
      };
      const all = await get('');
      expect(all.status).toBe(200);
      expect(all.body.map((a) => [a.alert_id, a.status, a.count])).toEqual([
        [GLIMMER_PAGEVIEWS_SPIKE, 'delivered', '6,000 Wikipedia pageviews'],
        [ZEPHYRINE_SPIKE, 'delivered', '60 matching tweets (all organic)'],
        [`spike:bramblewick:1:${DAYS[4]}`, 'not_sent', '40 matching tweets (all organic)'],
        [`spike:bramblewick:1:wikipedia:${DAYS[4]}`, 'not_sent', '6,000 Wikipedia pageviews'],
      ]);
      expect(all.body[1]!.detail).toMatch(/^delivered \d{4}-\d\d-\d\dT.*Z \(attempt 1\)$/);
      expect(all.body[1]!.delivery_url).toBe(workflowLink(env.config.temporal, workflowIds.alert(ZEPHYRINE_SPIKE)));
      expect(all.body[2]).toMatchObject({
        detail: 'older than 3 days when found (BUZZ_ALERT_MAX_AGE_DAYS)',
        delivery_url: null,
      });
      expect((await get('?status=not_sent')).body.map((a) => a.show_key)).toEqual(['bramblewick:1', 'bramblewick:1']);
      expect((await get('?show=glimmer-tide:1')).body.map((a) => a.alert_id)).toEqual([GLIMMER_PAGEVIEWS_SPIKE]);
      expect((await get('?show=quillfeather:3')).body).toEqual([]);
      expect(await get('?status=lost')).toEqual({
        status: 400,
        body: { error: 'status: pending, delivered, failed, not_sent' },
      });
    } finally {
      await api.stop();
    }
  });
});

describe('hourly spike alerts of the live capture (real Elasticsearch and Temporal, a local Slack-style webhook)', () => {
  /** The last 30 sealed hours: a quiet day around 10 posts an hour, then 40 in the last one. */
  const HOUR_MS = 3_600_000;
  const nowHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const hours = Array.from({ length: 30 }, (_, i) => new Date(nowHour - (30 - i) * HOUR_MS).toISOString().slice(0, 13));
  const counts = Object.fromEntries(hours.map((hour, i) => [hour, i === 29 ? 40 : 8 + (i % 5)]));
  const spikeHour = hours[29]!;
  let env: BuzzTestEnv;
  let webhook: Awaited<ReturnType<typeof startAlertWebhookServer>>;

  beforeAll(async () => {
    webhook = await startAlertWebhookServer(SECRET);
    env = await createBuzzTestEnv({
      store: 'file',
      env: { BUZZ_ALERT_WEBHOOK_URL: webhook.url, BUZZ_ALERT_WEBHOOK_SECRET: SECRET },
    });
    await seedLiveHours(env.es, indexNames(env.config.elasticsearch.indexPrefix), 'Nightjar Coast', counts);
    await env.startWorker();
    await startShows(env, [
      {
        show_name: 'Nightjar Coast',
        season: '1',
        launch_date: spikeHour.slice(0, 10),
        mandatory_search_terms: 'Nightjar Coast',
      },
    ]);
    await raisedAlerts(env, 'nightjar-coast:1', 1);
  }, 180_000);

  afterAll(async () => {
    await env?.close();
    await webhook?.stop();
  });

  it('sends one alert for the spike hour, against the 24 hours before; the partly captured days raise none', async () => {
    const alertId = `spike:nightjar-coast:1:${spikeHour}`;
    expect(await deliveryOutcome(env, alertId)).toBe('delivered');
    expect(webhook.received.map((r) => [r.alertId, r.signed, r.status])).toEqual([[alertId, true, 200]]);
    expect(webhook.received[0]!.body.text).toBe(
      `Spike: Nightjar Coast (season 1) had 40 matching bluesky posts in the hour from ${spikeHour.slice(11)}:00 UTC ` +
        `on ${spikeHour.slice(0, 10)} (day 0 of its launch), against a median of 10 over the 24 hours before.`,
    );
    const recorded = await env.repos.alerts.list();
    expect(recorded).toMatchObject([
      {
        alert_id: alertId,
        cadence: 'hour',
        period: spikeHour,
        source: 'bluesky',
        date: spikeHour.slice(0, 10),
        tweets: 40,
        baseline_periods: 24,
        baseline_median: 10,
        baseline_mad: 1,
        threshold: PLANTED_SPIKE.spike.threshold,
        status: 'delivered',
      },
    ]);
  });
});
