import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dashboardRouter } from '../../api/dashboard';
import { createApiServer, type ApiServer } from '../../api/app';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { ensureIngestIndices } from '../../adapters/elasticsearch-indices';
import { FileStore } from '../../adapters/file-store';
import { PROJECT_ROOT } from '../../config/config';
import { alertIdOf, type AlertRecord } from '../../domain/alerts';
import { BUZZ_CSV_COLUMNS } from '../../domain/buzz-format';
import { differencePValue, SIGNIFICANCE } from '../../domain/compare-counts';
import { estimatePopulation, estimateText } from '../../domain/estimates';
import { indexNames } from '../../domain/index-names';
import type { Source, TweetDoc } from '../../domain/tweet';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium';
import { SPIKE, seedSpikeDay, strongestSeeded, tweetDoc } from '../support/spike-day';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { runCli } from '../support/cli';
import { PLANTED_SPIKE } from '../support/planted-spike';
import {
  coverageOfSeed,
  isNotSampleSeed,
  registeredShow,
  seedShows,
  seededOrganic,
  seededTweets,
} from '../support/seeded-shows';
import type { DailyDoc } from '../../domain/buzz-docs';
import { daysBetween } from '../../domain/days';
import { parseSheetRows } from '../../domain/show-config';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-results');

/** The estimate of all tweets behind a count of the 1% sample, with its interval: `15,500 (13,155–18,142)`. */
const estimated = (sampled: number) => {
  const { est, low, high } = estimatePopulation([{ n: sampled, rate: 0.01 }]);
  return { est, low, high, text: estimateText(est, low, high) };
};

/** Spike alerts of three states, as the show workflows and deliveries record them (Show 30's before estimates existed). */
const ALERTS: AlertRecord[] = [
  { i: 5, date: '2019-07-10', status: 'delivered' as const },
  { i: 12, date: '2019-07-13', status: 'pending' as const },
  { i: 30, date: '2019-07-04', status: 'not_sent' as const },
].map(({ i, date, status }) => {
  const showKey = `show-${String(i).padStart(2, '0')}:1`;
  return {
    alert_id: alertIdOf(showKey, date),
    show_key: showKey,
    show_name: `Show ${String(i).padStart(2, '0')}`,
    season: '1',
    cadence: 'day' as const,
    period: date,
    date,
    source: 'all' as const,
    days_since_launch: 2,
    ...PLANTED_SPIKE.alert,
    ...PLANTED_SPIKE.rule,
    tweets: 150 + i,
    ...(i === 30
      ? {}
      : {
          est_tweets: estimated(150 + i).est,
          est_tweets_low: estimated(150 + i).low,
          est_tweets_high: estimated(150 + i).high,
          sample_rate: 0.01,
          no_estimate: null,
        }),
    detected_at: '2019-07-14T06:00:00.000Z',
    status,
    attempts: status === 'not_sent' ? 0 : 2,
    ...(status === 'delivered' ? { delivered_at: '2019-07-14T06:00:12.000Z' } : {}),
    ...(status === 'pending' ? { last_error: 'The alert webhook at hooks.example.com answered 500' } : {}),
    ...(status === 'not_sent' ? { reason: 'older than 3 days when found (BUZZ_ALERT_MAX_AGE_DAYS)' } : {}),
  };
});

/**
 * The live view's 48 hours to 2026-11-20T23: the Twitter archive has the first 12 hours of the 19th
 * (3 tweets of Show 02 at 05:00; one more at 15:00, an hour not ingested); the Bluesky capture has
 * 10:00 (partial: it started within the hour) to 23:00 of the 20th (4 documents of Show 02 at 12:00,
 * one a repost, and 2 at 20:00).
 */
const LIVE_UNTIL = '2026-11-20T23';
const LIVE_HOURS = Array.from({ length: 48 }, (_, i) => new Date(Date.UTC(2026, 10, 19, i)).toISOString());
const liveKey = (iso: string) => iso.slice(0, 13);
const LIVE_INGESTED: Record<Source, Map<string, boolean>> = {
  twitter: new Map(LIVE_HOURS.slice(0, 12).map((h) => [liveKey(h), true])),
  bluesky: new Map(LIVE_HOURS.slice(34).map((h, i) => [liveKey(h), i > 0])),
};
const LIVE_DOCS: { source: Source; hour: number; retweets: number; count: number }[] = [
  { source: 'twitter', hour: 5, retweets: 0, count: 3 },
  { source: 'twitter', hour: 15, retweets: 0, count: 1 },
  { source: 'bluesky', hour: 36, retweets: 1, count: 4 },
  { source: 'bluesky', hour: 44, retweets: 0, count: 2 },
];
/** The k-th document of an hour says it loved, loved, hated the show, or neither. */
const LIVE_POLARITY = [', loved it', ', loved it', ', hated it', ''];

/** Show 02's documents and the hours' ingest manifests, as ingestion and the capture write them. */
async function seedLive(env: BuzzTestEnv): Promise<void> {
  const indices = indexNames(env.config.elasticsearch.indexPrefix);
  await ensureIngestIndices(env.es, indices);
  const tweets: TweetDoc[] = LIVE_DOCS.flatMap(({ source, hour, retweets, count }) =>
    Array.from({ length: count }, (_, k) =>
      tweetDoc(
        `${source}-${hour}-${k}`,
        new Date(Date.parse(LIVE_HOURS[hour]!) + k * 60_000).toISOString(),
        `Show 02 tonight, take ${k}${LIVE_POLARITY[k]}`,
        { is_retweet: k < retweets, user_id: `user-${k}`, source },
      ),
    ),
  );
  await bulkWrite(env.es, {
    what: 'seeded live documents',
    datasource: tweets,
    onDocument: (t) => ({ index: { _index: indices.tweetsIndexFor(t.created_at), _id: t.id } }),
    refreshOnCompletion: indices.tweetsPattern,
  });
  const groups = Object.entries(LIVE_INGESTED).flatMap(([source, hours]) =>
    [...hours].map(([key, complete]) => ({
      kind: 'group',
      source: source === 'bluesky' ? 'bluesky' : 'dir:/archives',
      day: key.slice(0, 10),
      group: key.slice(11, 13),
      kept: 100,
      complete,
    })),
  );
  await bulkWrite(env.es, {
    what: 'seeded hour manifests',
    datasource: groups,
    onDocument: (g) => ({ index: { _index: indices.ingest, _id: `${g.source}:${g.day}T${g.group}` } }),
    refreshOnCompletion: indices.ingest,
  });
}

/** What the live view draws of one source: the seeded matches where the hour was ingested, a gap elsewhere. */
function expectedLive(source: Source, metric: 'tweets' | 'retweets' | 'net_sentiment') {
  const ingested = LIVE_INGESTED[source];
  /** Of the hour's documents, positive share − negative share; none without a document. */
  const net = (count: number) => {
    const polarity = LIVE_POLARITY.slice(0, count);
    const share = (word: string) => polarity.filter((p) => p.includes(word)).length / count;
    return Math.round((share('loved') - share('hated')) * 10_000) / 10_000;
  };
  const value = (doc: (typeof LIVE_DOCS)[number] | undefined) =>
    metric === 'tweets'
      ? (doc?.count ?? 0)
      : metric === 'retweets'
        ? (doc?.retweets ?? 0)
        : doc === undefined
          ? null
          : net(doc.count);
  return LIVE_HOURS.map((hour, x) => {
    const complete = ingested.get(liveKey(hour));
    const doc = LIVE_DOCS.find((d) => d.source === source && d.hour === x);
    return {
      x,
      y: complete === undefined ? null : value(doc),
      coverage: complete === undefined ? 'none' : complete ? 'complete' : 'partial',
    };
  });
}

describe('dashboard in Debian Chromium (playwright-core) on the real API and Elasticsearch', () => {
  let env: BuzzTestEnv;
  let api: ApiServer;
  let base: string;
  let browser: Browser;
  let page: Page;
  /** The spike day of Show 05 as seeded (its documents carry their sentiment scores). */
  let spikeDocs: TweetDoc[];

  const plotted = () =>
    page.evaluate(() => {
      const dashboard = (
        globalThis as unknown as {
          buzzDashboard: {
            chart: {
              data: {
                datasets: {
                  showKey: string;
                  data: { x: number; y: number | null }[];
                  coverage: string[];
                  pointStyle: string[];
                }[];
              };
            };
          };
        }
      ).buzzDashboard;
      return dashboard.chart.data.datasets.map((set) => ({
        showKey: set.showKey,
        data: set.data,
        coverage: set.coverage,
        pointStyle: set.pointStyle,
      }));
    });
  const apiDays = async (key: string) =>
    (await (await fetch(`${base}/api/shows/${key}/buzz`)).json()) as Record<string, number | string | null>[] &
      { terms?: unknown }[];
  const ready = () => page.waitForSelector('body[data-ready="true"]');
  const pressed = async (on: Page = page) => ({
    chart: await on.getAttribute('#view-chart', 'aria-pressed'),
    table: await on.getAttribute('#view-table', 'aria-pressed'),
  });
  const uncheckAll = async () => {
    const checked = page.locator('#shows input:checked');
    while ((await checked.count()) > 0) await checked.first().uncheck();
  };

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    await seedShows(env);
    await seedLive(env);
    // Show 05 (launch 2019-07-08, term "Show 05 tonight") has a planted spike on 2019-07-10.
    spikeDocs = await seedSpikeDay(
      env.es,
      indexNames(env.config.elasticsearch.indexPrefix),
      '2019-07-10',
      'Show 05 tonight',
    );
    await bulkWrite(env.es, {
      what: 'seeded alerts',
      datasource: ALERTS,
      onDocument: (a) => ({
        create: { _index: indexNames(env.config.elasticsearch.indexPrefix).alerts, _id: a.alert_id },
      }),
      refreshOnCompletion: indexNames(env.config.elasticsearch.indexPrefix).alerts,
    });
    api = createApiServer({
      config: env.config,
      es: env.es,
      temporal: env.temporal,
      store: new FileStore('file:', env.workDir),
      logger: pino({ level: 'silent' }),
      dashboard: dashboardRouter,
    });
    base = `http://127.0.0.1:${await api.start(0)}`;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // Playwright gives each launch a fresh temporary profile.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await env?.close();
  });

  it('loads 50 shows with nothing from another server, and plots what the API serves', async () => {
    const offsite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith('data:') && !request.url().startsWith('blob:'))
        offsite.push(request.url());
    });
    await page.goto(`${base}/`);
    await ready();
    expect(offsite).toEqual([]);
    expect(await page.locator('#shows li').count()).toBe(50);
    const loadMs = await page.evaluate(
      () => (globalThis as unknown as { buzzDashboard: { loadMs: number } }).buzzDashboard.loadMs,
    );
    console.info(`dashboard with 50 shows × 36 days ready in ${loadMs} ms`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-default.png') });
  });

  it('plots the tweets of two chosen shows by days since launch, equal to the API: gaps where nothing was ingested, triangles on partial days, real zeros', async () => {
    await uncheckAll();
    await page.locator('input[value="show-01:1"]').check();
    await page.locator('input[value="show-17:1"]').check();
    await ready();
    const sets = await plotted();
    expect(sets.map((s) => s.showKey)).toEqual(['show-01:1', 'show-17:1']);
    for (const [k, show] of [1, 17].entries()) {
      const days = await apiDays(sets[k]!.showKey);
      expect(days.map((d) => d.coverage)).toEqual(Array.from({ length: 36 }, (_, o) => coverageOfSeed(show, o)));
      expect(sets[k]!.data).toEqual(
        Array.from({ length: 36 }, (_, o) => ({
          x: o - 7,
          y: coverageOfSeed(show, o) === 'none' ? null : seededTweets(show, o),
        })),
      );
      expect(sets[k]!.pointStyle).toEqual(
        Array.from({ length: 36 }, (_, o) =>
          isNotSampleSeed(show, o) ? 'crossRot' : coverageOfSeed(show, o) === 'partial' ? 'triangle' : 'circle',
        ),
      );
    }
    expect(sets[0]!.data.filter((p) => p.y === null).map((p) => p.x)).toEqual([23, 24, 25, 26, 27, 28]);
    // Show 17's last day is not the 1% sample: its count is drawn, marked with a cross.
    expect(sets[1]!.pointStyle.filter((style) => style === 'crossRot')).toHaveLength(1);
    expect(sets[1]!.data.find((p) => p.x === 20)).toEqual({ x: 20, y: 0 });
    expect(await page.locator('#chart-title').textContent()).toBe('Tweets by days since launch');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-two-shows.png') });
  });

  it('switches the metric, and shows the table view with the same numbers', async () => {
    await page.selectOption('#metric', 'unique_authors');
    await ready();
    const days = await apiDays('show-17:1');
    expect((await plotted())[1]!.data.map((p) => p.y)).toEqual(days.map((d) => d.unique_authors));
    await page.click('#view-table');
    await ready();
    expect(await pressed()).toEqual({ chart: 'false', table: 'true' });
    const launchRow = page.locator('#table tbody tr', { has: page.locator('td:first-child', { hasText: /^0$/ }) });
    const atLaunch = async (key: string) =>
      String((await apiDays(key)).find((d) => d.days_since_launch === 0)!.unique_authors);
    expect(await launchRow.locator('td').allTextContents()).toEqual([
      '0',
      await atLaunch('show-01:1'),
      await atLaunch('show-17:1'),
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-table.png') });
    await page.click('#view-chart');
    await page.selectOption('#metric', 'tweets');
    await ready();
    expect(await pressed()).toEqual({ chart: 'true', table: 'false' });
  });

  it("draws organic tweets by days since launch, the API's numbers: the seeded days less owned, flood and burst", async () => {
    await page.selectOption('#metric', 'organic_tweets');
    await ready();
    expect(await page.locator('#chart-title').textContent()).toBe('Organic tweets by days since launch');
    const expected = (show: number) =>
      Array.from({ length: 36 }, (_, o) => (coverageOfSeed(show, o) === 'none' ? null : seededOrganic(show, o)));
    const sets = await plotted();
    for (const [k, show] of [1, 17].entries()) {
      expect(sets[k]!.data.map((p) => p.y)).toEqual(expected(show).map((day) => day?.organic_tweets ?? null));
      expect(
        (await apiDays(sets[k]!.showKey)).map((d) =>
          d.organic_tweets === null
            ? null
            : {
                owned: d.owned,
                flood: d.flood,
                burst: d.burst,
                organic_tweets: d.organic_tweets,
                organic_unique_authors: d.organic_unique_authors,
              },
        ),
      ).toEqual(expected(show));
    }
    await page.selectOption('#metric', 'tweets');
    await ready();
  });

  it("draws net sentiment by days since launch, the API's numbers, and tables it signed: nothing where nothing was ingested or scored", async () => {
    await page.selectOption('#metric', 'net_sentiment');
    await ready();
    expect(await page.locator('#chart-title').textContent()).toBe('Net sentiment by days since launch');
    // The seeded days score every matching tweet: half positive, a fifth negative (rounded down).
    const net = (tweets: number) =>
      tweets > 0 ? Math.round(((Math.floor(tweets / 2) - Math.floor(tweets / 5)) / tweets) * 10_000) / 10_000 : null;
    const expected = (show: number) =>
      Array.from({ length: 36 }, (_, o) => (coverageOfSeed(show, o) === 'none' ? null : net(seededTweets(show, o))));
    const sets = await plotted();
    for (const [k, show] of [1, 17].entries()) {
      expect(sets[k]!.data.map((p) => p.y)).toEqual(expected(show));
      expect((await apiDays(sets[k]!.showKey)).map((d) => d.net_sentiment)).toEqual(expected(show));
    }
    await page.click('#view-table');
    await ready();
    const signed = (show: number, offset: number) => {
      const value = expected(show)[offset]!;
      const marks = `${coverageOfSeed(show, offset) === 'partial' ? '*' : ''}${isNotSampleSeed(show, offset) ? '†' : ''}`;
      return `${value > 0 ? '+' : ''}${value.toFixed(2)}${marks}`;
    };
    const launchRow = page.locator('#table tbody tr', { has: page.locator('td:first-child', { hasText: /^0$/ }) });
    expect(await launchRow.locator('td').allTextContents()).toEqual(['0', signed(1, 7), signed(17, 7)]);
    await page.click('#view-chart');
    await page.selectOption('#metric', 'tweets');
    await ready();
  });

  it('draws estimated tweets with their 95% band and tables them as "2,800 (1,861–4,047)": the API\'s numbers, none where a day cannot be scaled up', async () => {
    await page.selectOption('#metric', 'est_tweets');
    await ready();
    expect(await page.locator('#chart-title').textContent()).toBe(
      'Estimated tweets (all tweets, not the sample) by days since launch',
    );
    const sets = await page.evaluate(() =>
      (
        globalThis as unknown as {
          buzzDashboard: {
            chart: {
              data: { datasets: { label: string; band?: boolean; fill?: unknown; data: { y: number | null }[] }[] };
            };
          };
        }
      ).buzzDashboard.chart.data.datasets.map((set) => ({
        label: set.label,
        band: set.band === true,
        fill: set.band ? set.fill : undefined,
        y: set.data.map((point) => point.y),
      })),
    );
    expect(sets.map((set) => [set.label, set.band, set.fill])).toEqual(
      ['Show 01 (1)', 'Show 17 (1)'].flatMap((name) => [
        [name, false, undefined],
        [`${name} · 95% low`, true, false],
        [`${name} · 95% high`, true, '-1'],
      ]),
    );
    const days = await apiDays('show-17:1');
    expect(sets.slice(3).map((set) => set.y)).toEqual(
      ['est_tweets', 'est_tweets_low', 'est_tweets_high'].map((field) => days.map((d) => d[field])),
    );
    // The 1% sample scaled up with its exact interval; none on a partial day or one that is not the sample.
    const atLaunch = estimated(seededTweets(17, 7));
    expect(days.find((d) => d.days_since_launch === 0)).toMatchObject({
      sample_rate: 0.01,
      est_tweets: atLaunch.est,
      est_tweets_low: atLaunch.low,
      est_tweets_high: atLaunch.high,
      sample_verdict: 'sample',
    });
    expect(days.at(-1)).toMatchObject({
      est_tweets: null,
      sample_verdict: 'not_sample',
      no_estimate: 'the Twitter archive of that day is not the 1% sample',
    });
    expect(days[0]).toMatchObject({ est_tweets: null, no_estimate: 'only part of it was ingested from twitter' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-estimates.png') });

    await page.click('#view-table');
    await ready();
    const row = (offset: number) =>
      page.locator('#table tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${offset}$`) }) });
    expect(await row(0).locator('td').allTextContents()).toEqual([
      '0',
      estimated(seededTweets(1, 7)).text,
      atLaunch.text,
    ]);
    expect(await row(-7).locator('td').allTextContents()).toEqual([
      '-7',
      estimated(seededTweets(1, 0)).text,
      'no estimate*',
    ]);
    expect(await row(28).locator('td').allTextContents()).toEqual(['28', '—', 'no estimate†']);
    expect(await row(28).locator('td').nth(2).getAttribute('title')).toBe(
      'the Twitter archive of that day is not the 1% sample',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-estimates-table.png') });

    // Authors: the 1% sample supports bounds only, given as such; no line within them.
    await page.selectOption('#metric', 'est_unique_authors');
    await ready();
    const launch = days.find((d) => d.days_since_launch === 0)!;
    expect(launch).toMatchObject({
      est_unique_authors: null,
      no_authors_estimate:
        'bounds only: a 1% sample sees too few authors more than once to tell authors of one post from authors of many',
    });
    const bounds = `${launch.est_unique_authors_low!.toLocaleString('en-US')}–${launch.est_unique_authors_high!.toLocaleString('en-US')} (bounds)`;
    expect((await row(0).locator('td').allTextContents())[2]).toBe(bounds);
    expect(await row(0).locator('td').nth(2).getAttribute('title')).toBe(launch.no_authors_estimate);
    await page.click('#view-chart');
    await ready();
    const authorSets = await page.evaluate(() =>
      (
        globalThis as unknown as {
          buzzDashboard: { chart: { data: { datasets: { data: { y: number | null }[] }[] } } };
        }
      ).buzzDashboard.chart.data.datasets.map((set) => set.data.map((point) => point.y)),
    );
    expect(authorSets[3]!.every((y) => y === null)).toBe(true);
    expect([authorSets[4]![7], authorSets[5]![7]]).toEqual([
      launch.est_unique_authors_low,
      launch.est_unique_authors_high,
    ]);
    await page.selectOption('#metric', 'tweets');
    await ready();
  });

  it('opens a shared table view (#view=table) with its button pressed: "—" where nothing was ingested, "*" on partial days, 0 where nothing matched', async () => {
    const shared = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    try {
      await shared.goto(`${base}/#shows=show-01:1,show-17:1&metric=tweets&view=table`);
      await shared.waitForSelector('body[data-ready="true"]');
      expect(await pressed(shared)).toEqual({ chart: 'false', table: 'true' });
      expect(await shared.isVisible('#table-view')).toBe(true);
      expect(await shared.isVisible('#chart-view')).toBe(false);
      const row = (offset: number) =>
        shared
          .locator('#table tbody tr', { has: shared.locator('td:first-child', { hasText: new RegExp(`^${offset}$`) }) })
          .locator('td');
      // Days since launch −7 … 28 are offsets 0 … 35 of both windows.
      const cell = (i: number, offset: number) => {
        const coverage = coverageOfSeed(i, offset);
        if (coverage === 'none') return '—';
        return `${seededTweets(i, offset)}${coverage === 'partial' ? '*' : ''}${isNotSampleSeed(i, offset) ? '†' : ''}`;
      };
      for (const offset of [0, 27, 29, 30, 35])
        expect(await row(offset - 7).allTextContents()).toEqual([
          String(offset - 7),
          cell(1, offset),
          cell(17, offset),
        ]);
      expect(await row(-7).allTextContents()).toEqual(['-7', '7', '19*']);
      expect(await row(20).allTextContents()).toEqual(['20', '38', '0']);
      expect(await row(22).allTextContents()).toEqual(['22', '44*', '6']);
      expect(await row(23).allTextContents()).toEqual(['23', '—', '9']);
      expect(await row(28).allTextContents()).toEqual(['28', '—', `${seededTweets(17, 35)}†`]);
      expect(await row(28).nth(2).locator('abbr').getAttribute('title')).toBe(
        'Not the 1% sample: the Twitter archive of this day fails the sample check, so it has no estimate',
      );
      expect(await row(22).nth(1).getAttribute('title')).toBeNull();
      expect(await row(22).nth(1).locator('abbr').getAttribute('title')).toBe(
        'Partial day: some of its hours were not ingested',
      );
      expect(await row(23).nth(1).getAttribute('title')).toBe('No data: nothing was ingested on this day');
      await shared.screenshot({ path: path.join(ARTIFACTS, 'dashboard-table-coverage.png') });
    } finally {
      await shared.close();
    }
  });

  it('downloads the chosen shows as the API writes them: one CSV, a coverage column, empty cells without data', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe('buzztracker.csv');
    const file = path.join(ARTIFACTS, 'dashboard.csv');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(await (await fetch(`${base}/api/shows/show-01:1,show-17:1/buzz?format=csv`)).text());
    const [header, ...rows] = text.trim().split('\n');
    expect(header).toBe(`${BUZZ_CSV_COLUMNS.join(',')},term:Show 01 tonight,term:Show 17 tonight`);
    expect(rows).toHaveLength(72);
    // Show 01, launch 2019-07-09: day 22 partial (44 tweets over 12 hours of 50 statuses), day 23 without data.
    // A partial day has no estimate, and says why.
    expect(rows[29]).toBe(
      // 44 scored: 22 positive, 14 neutral, 8 negative; 0 owned, 7 flood, 2 burst, 35 organic by 34
      // authors (test/support/seeded-shows.ts).
      'show-01:1,Show 01,1,2019-07-31,22,partial,44,42,2,42,0.07333333333333333,,,,,,,,,,,,only part of it was ingested from twitter,sample,only part of it was ingested from twitter,44,22,14,8,0.3182,0.1591,,false,,,0,7,2,35,34,44,',
    );
    expect(rows[30]).toBe(
      'show-01:1,Show 01,1,2019-08-01,23,none,,,,,,,,,,,,,,,,,nothing was ingested,,nothing was ingested,,,,,,,nothing was ingested,false,,,,,,,,,',
    );
    // Show 17, launch 2019-07-10: day 20 complete without a matching tweet: 0, and 0 to 369 in all.
    expect(rows[36 + 27]).toBe(
      'show-17:1,Show 17,1,2019-07-30,20,complete,0,0,0,0,0,0.01,0,0,369,0,0,369,0,,0,369,' +
        'no sampled post: bounded by the posts there could have been,sample,,' +
        // No matching tweet: none scored.
        '0,0,0,0,,,no matching post,' +
        // Nothing to set apart: every organic count 0.
        'true,,,0,0,0,0,0,,0',
    );
  });

  it('breaks one show down by search term, and links to its workflow', async () => {
    await uncheckAll();
    await page.locator('input[value="show-00:1"]').check();
    await ready();
    const terms = await page.evaluate(() =>
      (
        globalThis as unknown as {
          buzzDashboard: { termChart: { data: { datasets: { label: string; data: { y: number }[] }[] } } };
        }
      ).buzzDashboard.termChart.data.datasets.map((s) => ({ label: s.label, ys: s.data.map((p) => p.y) })),
    );
    const days = (await apiDays('show-00:1')) as unknown as { terms: Record<string, number> }[];
    expect(terms).toEqual(['Alpha Beta', '#gamma'].map((label) => ({ label, ys: days.map((d) => d.terms[label]) })));
    expect(await page.isVisible('#terms-view')).toBe(true);
    expect(await page.locator('li', { hasText: 'Show 00' }).locator('a').getAttribute('href')).toBe(
      `http://localhost:8233/namespaces/${env.config.temporal.namespace}/workflows/show-show-00%3A1`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-terms.png') });
  });

  it('shows the last 48 hours per source in the live view: a gap where a source has nothing, triangles on partial hours', async () => {
    const live = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const drawn = () =>
      live.evaluate(() =>
        (
          globalThis as unknown as {
            buzzDashboard: {
              liveChart: {
                data: {
                  datasets: {
                    label: string;
                    source: string;
                    data: { x: number; y: number | null }[];
                    coverage: string[];
                    pointStyle: string[];
                  }[];
                };
              };
            };
          }
        ).buzzDashboard.liveChart.data.datasets.map((set) => ({
          label: set.label,
          source: set.source,
          points: set.data.map((p, i) => ({ ...p, coverage: set.coverage[i] })),
          triangles: set.pointStyle.flatMap((style, i) => (style === 'triangle' ? [i] : [])),
        })),
      );
    try {
      await live.goto(`${base}/#shows=show-02:1&metric=tweets&view=live&until=${LIVE_UNTIL}`);
      await live.waitForSelector('body[data-ready="true"]');
      expect(await live.getAttribute('#view-live', 'aria-pressed')).toBe('true');
      expect([await live.isVisible('#live-view'), await live.isVisible('#chart-view')]).toEqual([true, false]);
      expect(await live.locator('#live-title').textContent()).toBe('Tweets hour by hour, 48 hours to 11-20 23:00 UTC');
      const sets = await drawn();
      expect(sets.map((set) => [set.label, set.source])).toEqual([
        ['Show 02 (1) · Twitter', 'twitter'],
        ['Show 02 (1) · Bluesky', 'bluesky'],
      ]);
      expect(sets[0]!.points).toEqual(expectedLive('twitter', 'tweets'));
      expect(sets[1]!.points).toEqual(expectedLive('bluesky', 'tweets'));
      expect(sets.map((set) => set.triangles)).toEqual([[], [34]]);
      // The document at 15:00 on the 19th matched, but that hour was not ingested: a gap, not 1.
      expect(sets[0]!.points[15]).toEqual({ x: 15, y: null, coverage: 'none' });
      // What it draws is what the API serves.
      const rows = (await (
        await fetch(`${base}/api/shows/show-02:1/buzz/hourly?hours=48&until=${LIVE_UNTIL}`)
      ).json()) as { source: string; tweets: number | null }[];
      expect(sets[1]!.points.map((p) => p.y)).toEqual(rows.filter((r) => r.source === 'bluesky').map((r) => r.tweets));
      expect(await live.locator('#live-missing').textContent()).toBe('');
      await live.screenshot({ path: path.join(ARTIFACTS, 'dashboard-live.png') });

      await live.selectOption('#metric', 'retweets');
      await live.waitForSelector('body[data-ready="true"]');
      expect((await drawn())[1]!.points).toEqual(expectedLive('bluesky', 'retweets'));

      // Net sentiment of the hours' scored posts: +0.25 of 4 at 12:00 (a repost among them), +1 of 2
      // at 20:00; none in an ingested hour without a matching post (a gap, not 0).
      await live.selectOption('#metric', 'net_sentiment');
      await live.waitForSelector('body[data-ready="true"]');
      const sentiment = await drawn();
      expect(sentiment[0]!.points).toEqual(expectedLive('twitter', 'net_sentiment'));
      expect(sentiment[1]!.points).toEqual(expectedLive('bluesky', 'net_sentiment'));
      expect([sentiment[0]!.points[5]!.y, sentiment[1]!.points[36]!.y, sentiment[1]!.points[44]!.y]).toEqual([
        0.3333, 0.25, 1,
      ]);
      expect(await live.locator('#live-title').textContent()).toBe(
        'Net sentiment hour by hour, 48 hours to 11-20 23:00 UTC',
      );

      // A day earlier, nothing was captured from Bluesky yet: named below the chart, not drawn as 0.
      await live.goto(`${base}/#shows=show-02:1&metric=tweets&view=live&until=2026-11-19T23`);
      await live.reload();
      await live.waitForSelector('body[data-ready="true"]');
      expect((await drawn()).map((set) => set.label)).toEqual(['Show 02 (1) · Twitter']);
      expect(await live.locator('#live-missing').textContent()).toBe('No data in these hours: Show 02 (1): Bluesky.');
    } finally {
      await live.close();
    }
  });

  it('ranks every show over the same days since launch in the leaderboard view, flagging windows not wholly ingested', async () => {
    const board = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    /** Rows as the API's rule gives them for the seed: [show index, tweets, complete, days with data, partial days]. */
    const expected = (from: number, to: number) =>
      Array.from({ length: 50 }, (_, i) => {
        const offsets = Array.from({ length: to - from + 1 }, (_, k) => from + k + 7);
        const coverage = offsets.map((o) => coverageOfSeed(i, o));
        const withData = offsets.filter((_, k) => coverage[k] !== 'none');
        return {
          i,
          tweets: withData.reduce((sum, o) => sum + seededTweets(i, o), 0),
          organic: withData.reduce((sum, o) => sum + seededOrganic(i, o).organic_tweets, 0),
          complete: coverage.every((c) => c === 'complete'),
          withData: withData.length,
          partial: coverage.filter((c) => c === 'partial').length,
          daily: offsets.map((o, k) => (coverage[k] === 'none' ? '' : String(seededTweets(i, o)))).join(','),
        };
      });
    /**
     * Ranked by the estimate of all tweets (every seeded day is the 1% sample: 100× the count), a
     * show that the test of their difference cannot tell from the one above at 95% sharing its rank as ≈.
     */
    const ranked = (rows: ReturnType<typeof expected>, count: 'tweets' | 'organic' = 'tweets') => {
      const order = (a: (typeof rows)[number], b: (typeof rows)[number]) => b[count] - a[count] || a.i - b.i;
      const complete = rows.filter((r) => r.complete).sort(order);
      const sampled = (n: number) => ({ sampled: n, census: 0 });
      const ranks: string[] = [];
      let rank = 0;
      for (const [k, r] of complete.entries()) {
        const above = complete[k - 1];
        const alike =
          above !== undefined &&
          (above[count] === r[count] ||
            differencePValue(sampled(above[count]), sampled(r[count]), 0.01)! >= SIGNIFICANCE);
        rank = alike ? rank : k + 1;
        ranks.push(alike && above[count] !== r[count] ? `≈${rank}` : String(rank));
      }
      return [
        ...complete.map((r, k) => ({ ...r, rank: ranks[k]! })),
        ...rows
          .filter((r) => !r.complete)
          .sort(order)
          .map((r) => ({ ...r, rank: '—' })),
      ];
    };
    const shown = () =>
      board.locator('#leaderboard tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent);
          return {
            rank: cells[0],
            show: cells[1],
            tweets: cells[3],
            estimate: cells[4],
            organic: cells[10],
            days: cells[12],
            daily: tr.querySelector('svg')!.getAttribute('data-values'),
          };
        }),
      );
    const name = (i: number) => `Show ${String(i).padStart(2, '0')} (1)`;
    const daysText = (r: ReturnType<typeof expected>[number], days: number) =>
      r.withData === days && r.partial === 0
        ? `${days} of ${days}`
        : `${r.withData} of ${days} with data${r.partial > 0 ? `, ${r.partial} partial` : ''}`;
    try {
      await board.goto(`${base}/#view=leaderboard&window=0..6&rank=tweets`);
      await board.waitForSelector('body[data-ready="true"]');
      expect(await board.getAttribute('#view-leaderboard', 'aria-pressed')).toBe('true');
      expect([await board.isVisible('#leaderboard-view'), await board.isVisible('#empty')]).toEqual([true, false]);
      // The launch week of every show is wholly ingested: all 50 ranked.
      const launchWeek = (r: ReturnType<typeof ranked>[number]) => ({
        rank: r.rank,
        show: name(r.i),
        tweets: String(r.tweets),
        estimate: estimated(r.tweets).text,
        organic: `${r.organic}; ${estimated(r.organic).text}`,
        days: '7 of 7',
        daily: r.daily,
      });
      expect(await shown()).toEqual(ranked(expected(0, 6)).map(launchWeek));
      await board.screenshot({ path: path.join(ARTIFACTS, 'dashboard-leaderboard.png') });

      // The week before launch: Show 17's first day is partial, so it is listed last, unranked.
      await board.selectOption('#lb-window', '-7..-1');
      await board.waitForSelector('body[data-ready="true"]');
      const before = ranked(expected(-7, -1));
      expect(before.at(-1)).toMatchObject({ i: 17, rank: '—', partial: 1 });
      expect(await shown()).toEqual(
        before.map((r) => ({
          rank: r.rank,
          show: name(r.i),
          tweets: String(r.tweets),
          // A window with a partial day has no estimate of all its tweets.
          estimate: r.complete ? estimated(r.tweets).text : '',
          organic: r.complete ? `${r.organic}; ${estimated(r.organic).text}` : String(r.organic),
          days: daysText(r, 7),
          daily: r.daily,
        })),
      );
      // Four weeks (offsets 7–34): Show 01 has no data on its last five days (a gap in its sparkline).
      await board.selectOption('#lb-window', '0..27');
      await board.waitForSelector('body[data-ready="true"]');
      const rows = await shown();
      const show01 = rows.find((r) => r.show === name(1))!;
      expect(show01).toMatchObject({ rank: '—', days: '23 of 28 with data, 1 partial' });
      expect(show01.daily!.split(',').slice(-6)).toEqual([String(seededTweets(1, 29)), '', '', '', '', '']);
      expect(rows.filter((r) => r.rank === '—').map((r) => r.show)).toEqual([name(1)]);
      expect(board.url()).toContain('window=0..27&rank=tweets');

      // By organic tweets: the audience's posts, ranked by their estimate, ≈ where noise cannot tell.
      await board.selectOption('#lb-window', '0..6');
      await board.waitForSelector('body[data-ready="true"]');
      await board.selectOption('#lb-metric', 'organic_tweets');
      await board.waitForSelector('body[data-ready="true"]');
      const byOrganic = ranked(expected(0, 6), 'organic');
      expect(byOrganic.map((r) => r.i)).not.toEqual(ranked(expected(0, 6)).map((r) => r.i));
      expect(await shown()).toEqual(byOrganic.map(launchWeek));
      expect(board.url()).toContain('window=0..6&rank=organic_tweets');
    } finally {
      await board.close();
    }
  });

  it('explains a day when its point is clicked: the planted word and hashtag first, the most retweeted tweets', async () => {
    const drill = await browser.newPage({ viewport: { width: 1300, height: 1400 } });
    try {
      await drill.goto(`${base}/#shows=show-05:1&metric=tweets&view=chart`);
      await drill.waitForSelector('body[data-ready="true"]');
      expect(await drill.isVisible('#explain-view')).toBe(false);
      // 2019-07-10 is the 10th day of the window (from 2019-07-01): point 9.
      const point = await drill.evaluate(() => {
        const chart = (
          globalThis as unknown as {
            buzzDashboard: { chart: { getDatasetMeta(i: number): { data: { x: number; y: number }[] } } };
          }
        ).buzzDashboard.chart;
        const { x, y } = chart.getDatasetMeta(0).data[9]!;
        return { x, y };
      });
      const box = (await drill.locator('#chart').boundingBox())!;
      await drill.mouse.click(box.x + point.x, box.y + point.y);
      await drill.waitForSelector('#explain-view:not([hidden])');
      await drill.waitForSelector('body[data-ready="true"]');
      expect(await drill.locator('#explain-title').textContent()).toBe('Why this day: Show 05 (1), 2019-07-10');
      expect(await drill.locator('#explain-summary').textContent()).toBe(
        `150 matching tweets of ${SPIKE.background + 150} that day.`,
      );
      const rows = (table: string) =>
        drill
          .locator(`${table} tbody tr`)
          .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect((await rows('#explain-terms')).slice(0, 2)).toEqual(
        Object.entries(SPIKE.terms).map(([term, c]) => [term, String(c.tweets), String(c.sample_tweets)]),
      );
      expect(await rows('#explain-hashtags')).toEqual(
        Object.entries(SPIKE.hashtags).map(([tag, c]) => [`#${tag}`, String(c.tweets), String(c.sample_tweets)]),
      );
      expect(await drill.locator('#explain-retweeted li strong').allTextContents()).toEqual(
        SPIKE.retweeted.map((r) => `${r.retweets} retweets · @user_${r.id}: `),
      );
      expect(await drill.locator('#explain-note').textContent()).toBe(
        `Not shown: ${SPIKE.deletedRetweets} retweets of tweets no longer held (deleted, or never ingested).`,
      );
      // What the day said: its matching originals of strongest sentiment, scores signed, as seeded.
      const listed = (label: 'positive' | 'negative') =>
        strongestSeeded(spikeDocs, label).map(
          (doc) => `${doc.sentiment! > 0 ? '+' : ''}${doc.sentiment!.toFixed(2)} · @${doc.user_screen_name}: `,
        );
      expect(await drill.locator('#explain-positive li strong').allTextContents()).toEqual(listed('positive'));
      expect(await drill.locator('#explain-negative li strong').allTextContents()).toEqual(listed('negative'));
      expect(listed('negative')).toHaveLength(5);
      await drill.screenshot({ path: path.join(ARTIFACTS, 'dashboard-explain.png'), fullPage: true });
    } finally {
      await drill.close();
    }
  });

  it('lists the spike alerts, newest day first, with their state; a click explains the alert’s day', async () => {
    const board = await browser.newPage({ viewport: { width: 1300, height: 1400 } });
    try {
      await board.goto(`${base}/#view=alerts`);
      await board.waitForSelector('body[data-ready="true"]');
      expect(await board.getAttribute('#view-alerts', 'aria-pressed')).toBe('true');
      expect([await board.isVisible('#alerts-view'), await board.isVisible('#empty')]).toEqual([true, false]);
      const rows = await board
        .locator('#alerts tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(rows).toEqual([
        [
          '2019-07-13',
          'Show 12 (1)',
          '2',
          '162 matching tweets',
          estimated(162).text,
          '10',
          '25.811',
          'pending',
          'attempt 2: The alert webhook at hooks.example.com answered 500',
        ],
        [
          '2019-07-10',
          'Show 05 (1)',
          '2',
          '155 matching tweets',
          estimated(155).text,
          '10',
          '25.811',
          'delivered',
          'delivered 2019-07-14T06:00:12.000Z (attempt 2)',
        ],
        [
          '2019-07-04',
          'Show 30 (1)',
          '2',
          '180 matching tweets',
          '',
          '10',
          '25.811',
          'not_sent',
          'older than 3 days when found (BUZZ_ALERT_MAX_AGE_DAYS)',
        ],
      ]);
      await board.screenshot({ path: path.join(ARTIFACTS, 'dashboard-alerts.png') });

      await board.click(`#alerts tr[data-alert-id="${ALERTS[0]!.alert_id}"]`);
      await board.waitForSelector('#explain-view:not([hidden])');
      await board.waitForSelector('body[data-ready="true"]');
      expect(await board.getAttribute('#view-chart', 'aria-pressed')).toBe('true');
      expect(await board.locator('#explain-title').textContent()).toBe('Why this day: Show 05 (1), 2019-07-10');
      expect(board.url()).toContain('show-05%3A1');
    } finally {
      await board.close();
    }
  });

  it('lists the same alerts from the CLI, filtered by status or show', async () => {
    const pending = await runCli(['alerts', '--status', 'pending', '--format', 'json'], env.env);
    expect(pending.code).toBe(0);
    expect(JSON.parse(pending.stdout)).toEqual([ALERTS[1]]);
    const show30 = await runCli(['alerts', '--show', 'show-30:1'], env.env);
    expect(show30.stdout).toMatch(
      /│ 2019-07-04 │ Show 30 \(1\) │ 2 +│ 180 matching tweets +│ +│ 10 +│ 25\.811 +│ not_sent │ older than 3 days when found \(BUZZ_ALERT_MAX_AGE_DAYS\) │/,
    );
    expect((await runCli(['alerts', '--show', 'show-49:1'], env.env)).stdout).toBe('No spike alerts.\n');
  });

  // Last: it adds a 51st show, a 2026 launch with no tweet ingested, and Show 01's pageviews.
  it('draws the Wikipedia pageviews of a 2019 launch and a 2026 launch on one launch-aligned chart, and ranks them', async () => {
    const indices = indexNames(env.config.elasticsearch.indexPrefix);
    const harbor = parseSheetRows(
      [{ show_name: 'Harbor Lights', season: '1', launch_date: '2026-07-10', mandatory_search_terms: 'Harbor Lights' }],
      ['show_name', 'season', 'launch_date', 'mandatory_search_terms'],
    ).shows[0]!;
    // Show 01's views every day; Harbor Lights' up to day 22 since launch, the days after not published yet.
    const views = (show: number, offset: number) => (show === 1 ? 1000 + 10 * offset : 2000 + 5 * offset);
    const published = (show: number, offset: number) => show === 1 || offset - 7 <= 22;
    const show01 = await env.repos.dailyBuzz.ofShow('show-01:1');
    const harborDays = daysBetween(harbor.window_start, harbor.window_end).map((date, offset) => ({
      show_key: harbor.show_key,
      show_name: harbor.show_name,
      season: '1',
      studio_or_network: '',
      timezone: 'UTC',
      match_mode: 'exact',
      launch_date: harbor.launch_date,
      days_since_launch: offset - 7,
      date,
      data_complete: false,
      computed_at: '2026-12-01T00:00:00Z',
    }));
    const withViews = (show: number, days: DailyDoc[]) =>
      days.map((day, offset) => ({
        ...day,
        ...(published(show, offset)
          ? { pageviews: views(show, offset), pageviews_coverage: 'complete' as const }
          : { pageviews_coverage: 'none' as const }),
      }));
    await bulkWrite(env.es, {
      what: 'seeded pageviews',
      datasource: [...withViews(1, show01), ...withViews(51, harborDays as DailyDoc[])],
      onDocument: (d) => ({ index: { _index: indices.daily, _id: `${d.show_key}@${d.date}` } }),
      refreshOnCompletion: indices.daily,
    });
    await bulkWrite(env.es, {
      what: 'a 2026 show',
      datasource: [{ ...registeredShow(harbor, 52), last_computed_at: '2026-12-01T00:00:00Z' }],
      onDocument: (show) => ({ index: { _index: indices.shows, _id: show.show_key } }),
      refreshOnCompletion: indices.shows,
    });

    const viewsPage = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    try {
      await viewsPage.goto(`${base}/#metric=pageviews&shows=show-01:1,harbor-lights:1`);
      await viewsPage.waitForSelector('body[data-ready="true"]');
      const sets = await viewsPage.evaluate(() =>
        (
          globalThis as unknown as {
            buzzDashboard: {
              chart: { data: { datasets: { showKey: string; data: unknown[]; coverage: string[] }[] } };
            };
          }
        ).buzzDashboard.chart.data.datasets.map((set) => ({
          showKey: set.showKey,
          data: set.data,
          coverage: set.coverage,
        })),
      );
      // The shows in the list's order (by show_key): Harbor Lights, then Show 01.
      expect(sets).toEqual(
        [51, 1].map((show) => ({
          showKey: show === 1 ? 'show-01:1' : 'harbor-lights:1',
          data: Array.from({ length: 36 }, (_, o) => ({ x: o - 7, y: published(show, o) ? views(show, o) : null })),
          coverage: Array.from({ length: 36 }, (_, o) => (published(show, o) ? 'complete' : 'none')),
        })),
      );
      expect(await viewsPage.locator('#chart-title').textContent()).toBe('Wikipedia pageviews by days since launch');
      await viewsPage.screenshot({ path: path.join(ARTIFACTS, 'dashboard-pageviews.png') });

      await viewsPage.goto(`${base}/#view=leaderboard&rank=pageviews&window=0..6`);
      await viewsPage.reload();
      await viewsPage.waitForSelector('body[data-ready="true"]');
      const week = (show: number) => Array.from({ length: 7 }, (_, d) => views(show, d + 7)).reduce((a, b) => a + b);
      const ranked = viewsPage.locator('#leaderboard tbody tr:not(.unranked)');
      expect(await ranked.count()).toBe(2);
      expect(await ranked.nth(0).locator('td').nth(1).textContent()).toBe('Harbor Lights (1)');
      expect(await ranked.nth(0).locator('td').nth(8).textContent()).toBe(week(51).toLocaleString('en-US'));
      expect(await ranked.nth(1).locator('td').nth(1).textContent()).toBe('Show 01 (1)');
      expect(await ranked.nth(1).locator('td').nth(8).textContent()).toBe(week(1).toLocaleString('en-US'));
    } finally {
      await viewsPage.close();
    }
  });
});
