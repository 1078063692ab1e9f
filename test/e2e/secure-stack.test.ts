import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { connectTemporalClient } from '../../adapters/temporal-connection';
import { writeSampleData } from '../../simulator/sample-data';
import { loadConfig, PROJECT_ROOT } from '../../config/config';
import type { ShowDayTruth } from '../../simulator/generator';
import { secureAdminClient } from '../../infra/local/elasticsearch-secure';
import { registerNamespace } from '../../infra/local/namespaces';
import { secureStackEnv } from '../../infra/local/stack';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium';
import { runCli, startCli } from '../support/cli';
import { freePort, uniqueId } from '../support/services';

const DAY = '2019-07-03';
const TOKEN = 'secure-e2e-token-0123456789';
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-results');

interface BuzzDay {
  date: string;
  days_since_launch: number;
  tweets: number | null;
  original_tweets: number | null;
  retweets: number | null;
  unique_authors: number | null;
}

/**
 * The product end to end over real security (`stack up --secure`, brought up by the e2e setup):
 * Elasticsearch with security on and HTTPS, reached with the stack's least-privilege API key and
 * its CA; Temporal through the mTLS front end with the stack's client certificate; the S3 store
 * with its keys; the API on a non-loopback address with a bearer token, and the dashboard signed
 * in with it in Chromium. Every number is the sample's ground truth, as on the open stack.
 */
describe('BuzzTracker on the secured stack (Elasticsearch API key + HTTPS, Temporal mTLS, S3 keys, API tokens)', () => {
  const id = uniqueId('s').slice(0, 10).replace(/-/g, '');
  const prefix = `buzz-${id}`;
  let env: Record<string, string>;
  let workDir: string;
  let sheet: string;
  let zephyrine: Record<string, ShowDayTruth>;
  let worker: Awaited<ReturnType<typeof startCli>> | undefined;
  let api: Awaited<ReturnType<typeof startCli>> | undefined;
  let base: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const stackConfig = loadConfig();
    env = {
      ...secureStackEnv(stackConfig),
      TEMPORAL_NAMESPACE: `secure-${id}`,
      BUZZ_TASK_QUEUE: `secure-${id}`,
      // Inside the key's `buzz-*`: the stack's key serves any prefix that starts with `buzz-`.
      BUZZ_INDEX_PREFIX: prefix,
      // No S3_ENDPOINT: an s3:// store goes to the local stack's S3 server, with its keys.
      BUZZ_STORE: `s3://buzz-test/${id}`,
      LOG_LEVEL: 'info',
    };
    expect(env.TEMPORAL_ADDRESS).toBe('localhost:7234');
    expect(env.ELASTICSEARCH_URL).toBe('https://localhost:9201');
    const config = loadConfig({ ...process.env, ...env });
    const temporal = await connectTemporalClient(config.temporal);
    await registerNamespace(temporal.connection, config.temporal.namespace);
    await temporal.close();

    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-secure-'));
    const archives = path.join(workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 8,
      seed: 12,
      format: 'tar',
      hours: [8, 9, 10, 11],
    });
    zephyrine = written.buzz['zephyrine-hollow:2']!;
    sheet = path.join(archives, 'shows.csv');
    worker = await startCli(['worker', '--max-activities', '4'], env, /polling task queue/);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await worker?.stop();
    const admin = secureAdminClient(loadConfig());
    if (admin) {
      const names = Object.keys(await admin.indices.get({ index: `${prefix}-*` }));
      if (names.length > 0) await admin.indices.delete({ index: names.join(',') });
      await admin.close();
    }
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('ingests a day and syncs the shows through Temporal over mTLS, with the least-privilege key', async () => {
    const ingest = await runCli(['ingest', '--source', `dir:${path.dirname(sheet)}`, '--from', DAY, '--wait'], env);
    expect(ingest.stderr).not.toMatch(/refused|lacks|not trusted/);
    expect(ingest.code).toBe(0);
    const sync = await runCli(['shows', 'sync', '--sheet', `file:${sheet}`, '--wait'], env);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain(
      'started: zephyrine-hollow:2, the-marrowdeep-affair:1, quillfeather:3, glimmer-tide:1',
    );
  });

  it('reads the exact buzz with the CLI', async () => {
    const result = await runCli(['buzz', '--show', 'Zephyrine Hollow', '--format', 'json'], env);
    expect(result.code).toBe(0);
    const launch = (JSON.parse(result.stdout) as BuzzDay[]).find((d) => d.date === DAY)!;
    const truth = zephyrine[DAY]!;
    expect(truth.tweets).toBeGreaterThan(0);
    expect(launch).toMatchObject({
      days_since_launch: 0,
      tweets: truth.tweets,
      original_tweets: truth.original_tweets,
      retweets: truth.retweets,
      unique_authors: truth.unique_authors,
    });
  });

  it('serves the API beyond loopback only with a token, and the exact buzz to a bearer of it', async () => {
    const port = await freePort();
    api = await startCli(
      ['api', '--host', '0.0.0.0', '--port', String(port)],
      { ...env, BUZZ_API_TOKENS: TOKEN },
      /API listening on/,
    );
    expect(api.output()).toContain(`API listening on http://0.0.0.0:${port} (access control on)`);
    base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/api/shows/zephyrine-hollow:2/buzz`)).status).toBe(401);
    const answer = await fetch(`${base}/api/shows/zephyrine-hollow:2/buzz`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(answer.status).toBe(200);
    const days = (await answer.json()) as BuzzDay[];
    expect(days).toHaveLength(36);
    const truth = zephyrine[DAY]!;
    expect(days.find((d) => d.date === DAY)).toMatchObject({
      tweets: truth.tweets,
      original_tweets: truth.original_tweets,
      retweets: truth.retweets,
      unique_authors: truth.unique_authors,
    });
  });

  it('shows the same numbers in the dashboard once signed in with the token (Chromium)', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(`${base}/#shows=zephyrine-hollow:2&view=table`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#token', 'not-the-token-0123456789');
    await page.click('#sign-in');
    expect(await page.locator('.error').textContent()).toBe('That token is not valid.');
    await page.fill('#token', TOKEN);
    await page.click('#sign-in');
    expect(new URL(page.url()).pathname).toBe('/');
    // A fresh load that reads the selection from the URL.
    await page.goto('about:blank');
    await page.goto(`${base}/#shows=zephyrine-hollow:2&view=table`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#sign-out').isVisible()).toBe(true);
    const truth = zephyrine[DAY]!;
    expect(await page.getAttribute('#view-table', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('#view-chart', 'aria-pressed')).toBe('false');
    // Hours 08–11 of the launch day were ingested: a partial day ("*"); the day before, nothing ("—").
    const row = (offset: string) =>
      page.locator('#table tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${offset}$`) }) });
    expect(await row('0').locator('td').allTextContents()).toEqual(['0', `${truth.tweets}*`]);
    expect(await row('-1').locator('td').allTextContents()).toEqual(['-1', '—']);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-secure.png') });
    await page.click('#sign-out button');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect((await page.goto(`${base}/api/shows`))!.status()).toBe(401);
  });
});
