import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dashboardRouter } from '../../api/dashboard';
import { createApiServer, type ApiServer } from '../../api/server';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { ensureShowIndices } from '../../adapters/elasticsearch-indices';
import { FileStore } from '../../adapters/file-store';
import { PROJECT_ROOT } from '../../config/config';
import type { DailyDoc, RegisteredShow } from '../../domain/buzz-docs';
import { addDays, daysBetween } from '../../domain/days';
import { indexNames } from '../../domain/index-names';
import { parseSheetRows, configFingerprint } from '../../domain/show-config';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-results');

/** 50 shows × 36 days of known numbers, written straight to the indices the workflows fill. */
async function seed(env: BuzzTestEnv): Promise<void> {
  const indices = indexNames(env.config.elasticsearch.indexPrefix);
  await ensureShowIndices(env.es, indices);
  const shows: RegisteredShow[] = [];
  const days: DailyDoc[] = [];
  for (let i = 0; i < 50; i++) {
    const name = `Show ${String(i).padStart(2, '0')}`;
    const launch = addDays('2019-07-08', i % 5);
    const terms = i === 0 ? 'Alpha Beta, #gamma' : `${name} tonight`;
    const config = parseSheetRows(
      [{ show_name: name, season: '1', launch_date: launch, optional_search_terms: terms }],
      ['show_name', 'season', 'launch_date', 'optional_search_terms'],
    ).shows[0]!;
    shows.push({
      ...config,
      status: 'active',
      sheet: 'file:seed.csv',
      sheet_row: i + 2,
      synced_at: '2026-01-01T00:00:00Z',
      fingerprint: configFingerprint(config),
      config,
      last_computed_at: '2026-01-01T00:00:00Z',
    });
    for (const [offset, date] of daysBetween(config.window_start, config.window_end).entries()) {
      const tweets = (i * 7 + offset * 3) % 50;
      days.push({
        show_key: config.show_key,
        show_name: name,
        season: '1',
        studio_or_network: '',
        timezone: 'UTC',
        match_mode: 'exact',
        date,
        launch_date: launch,
        days_since_launch: offset - 7,
        tweets,
        original_tweets: tweets - (tweets % 3),
        retweets: tweets % 3,
        unique_authors: Math.max(0, tweets - 2),
        share_of_sample: tweets / 1000,
        // Show 01 has no data from day 30 on: the dashboard draws a gap there.
        statuses_in_sample: i === 1 && offset >= 30 ? 0 : 1000,
        data_complete: true,
        term_counts: config.optional.map((t, k) => ({ term: t.text, tweets: Math.floor(tweets / (k + 1)) })),
        computed_at: '2026-01-01T00:00:00Z',
      });
    }
  }
  await bulkWrite(env.es, {
    what: 'seeded shows',
    datasource: shows,
    onDocument: (s) => ({ index: { _index: indices.shows, _id: s.show_key } }),
    refreshOnCompletion: indices.shows,
  });
  await bulkWrite(env.es, {
    what: 'seeded days',
    datasource: days,
    onDocument: (d) => ({ index: { _index: indices.daily, _id: `${d.show_key}@${d.date}` } }),
    refreshOnCompletion: indices.daily,
  });
}

describe('dashboard in Debian Chromium (playwright-core) on the real API and Elasticsearch', () => {
  let env: BuzzTestEnv;
  let api: ApiServer;
  let base: string;
  let browser: Browser;
  let page: Page;

  const plotted = () =>
    page.evaluate(() => {
      const dashboard = (
        globalThis as unknown as {
          buzzDashboard: {
            chart: { data: { datasets: { showKey: string; data: { x: number; y: number | null }[] }[] } };
          };
        }
      ).buzzDashboard;
      return dashboard.chart.data.datasets.map((set) => ({ showKey: set.showKey, data: set.data }));
    });
  const apiDays = async (key: string) =>
    (await (await fetch(`${base}/api/shows/${key}/buzz`)).json()) as Record<string, number | string | null>[] &
      { terms?: unknown }[];
  const ready = () => page.waitForSelector('body[data-ready="true"]');
  const uncheckAll = async () => {
    const checked = page.locator('#shows input:checked');
    while ((await checked.count()) > 0) await checked.first().uncheck();
  };

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    await seed(env);
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

  it('plots the tweets of two chosen shows by days since launch, equal to the API, with gaps where no data exists', async () => {
    await uncheckAll();
    await page.locator('input[value="show-01:1"]').check();
    await page.locator('input[value="show-17:1"]').check();
    await ready();
    const sets = await plotted();
    expect(sets.map((s) => s.showKey)).toEqual(['show-01:1', 'show-17:1']);
    for (const set of sets) {
      const days = await apiDays(set.showKey);
      expect(set.data).toEqual(
        days.map((d) => ({ x: d.days_since_launch, y: Number(d.statuses_in_sample) > 0 ? d.tweets : null })),
      );
    }
    expect(sets[0]!.data.filter((p) => p.y === null)).toHaveLength(6);
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
  });

  it('downloads the chosen shows as CSV, with the API numbers', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = path.join(ARTIFACTS, 'dashboard.csv');
    await download.saveAs(file);
    const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(header).toBe(
      'show_key,show_name,season,date,days_since_launch,tweets,original_tweets,retweets,unique_authors,share_of_sample,data_complete',
    );
    const expected = [...(await apiDays('show-01:1')), ...(await apiDays('show-17:1'))].map((d) =>
      [
        d.show_key,
        d.show_name,
        d.season,
        d.date,
        d.days_since_launch,
        d.tweets,
        d.original_tweets,
        d.retweets,
        d.unique_authors,
        d.share_of_sample,
        d.data_complete,
      ].join(','),
    );
    expect(rows).toEqual(expected);
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
});
