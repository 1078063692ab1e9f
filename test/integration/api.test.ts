import path from 'node:path';
import { pino } from 'pino';
import { createApiServer, type ApiServer } from '../../api/app';
import { sign, signedJsonHeaders } from '../../domain/signature';
import { FileStore } from '../../adapters/file-store';
import { writeSampleData } from '../../simulator/sample-data';
import { PROJECT_ROOT } from '../../config/config';
import { indexNames } from '../../domain/index-names';
import { BUZZ_CSV_COLUMNS, type BuzzRow } from '../../domain/buzz-format';
import { generatedOrganic, organicCells } from '../support/organic-truth';
import { LEADERBOARD_CSV_COLUMNS } from '../../domain/leaderboard';
import { daysBetween } from '../../domain/days';
import { aggregatePhrases, type DayTruth, type PhraseDayTruth, type ShowDayTruth } from '../../simulator/generator';
import { SAMPLE_SHOWS, SHEET_COLUMNS } from '../../simulator/shows';
import { workflowIds } from '../../contracts/workflow-ids';
import { ingestDay } from '../../workflows/ingest-day';
import { syncShows } from '../../workflows/sync-shows';
import { runAppsScript } from '../support/apps-script-runtime';
import { NOTHING_INGESTED_SENTIMENT, plantedSentiment, sentimentCells } from '../support/sentiment-truth';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';

const SECRET = 'test-secret-0123456789abcdef';
const DAY = '2019-07-03';

/** A row's estimate fields where it has none (its reason added by each row). */
const NO_ESTIMATE = {
  sample_rate: null,
  est_tweets: null,
  est_tweets_low: null,
  est_tweets_high: null,
  est_retweets: null,
  est_retweets_low: null,
  est_retweets_high: null,
  sampled_tweets: null,
  est_unique_authors: null,
  est_unique_authors_low: null,
  est_unique_authors_high: null,
};

describe('HTTP API and the Apps Script sheet-edit hook (real Temporal, Elasticsearch; a Node stand-in for the Apps Script services)', () => {
  let env: BuzzTestEnv;
  let api: Awaited<ReturnType<typeof startCli>>;
  let base: string;
  let zephyrine: Record<string, ShowDayTruth>;
  let byPhrase: Record<string, Record<string, Record<string, PhraseDayTruth>>>;
  let buzz: Record<string, Record<string, ShowDayTruth>>;
  let sampleDays: Record<string, DayTruth>;

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${base}/hooks/sheet-edit`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const signed = (body: string, timestamp = String(Math.floor(Date.now() / 1000))) => ({
    'x-buzz-timestamp': timestamp,
    'x-buzz-signature': sign(SECRET, timestamp, body),
  });
  const editBody = (showName: string, extra: Record<string, string> = {}) =>
    JSON.stringify({
      spreadsheetId: 'sheet-1',
      sheetName: 'Shows',
      editedAt: new Date().toISOString(),
      rows: [
        { show_name: showName, season: '1', launch_date: '2019-07-03', mandatory_search_terms: 'never', ...extra },
      ],
    });

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 8,
      seed: 8,
      format: 'tar',
      hours: [8, 9, 10, 11],
    });
    zephyrine = written.buzz['zephyrine-hollow:2']!;
    buzz = written.buzz;
    sampleDays = written.days;
    byPhrase = written.buzz_by_phrase;
    await env.startWorker({ maxActivities: 8 });
    await env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(DAY),
      args: [{ day: DAY, source: `dir:${archives}`, languages: ['en'] }],
    });
    await env.temporal.workflow.execute(syncShows, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: 'sync',
      args: [{ sheetUri: `file:${path.join(archives, 'shows.csv')}` }],
    });
    // Its own process, as deployed: the Apps Script stand-in's UrlFetchApp.fetch is synchronous.
    api = await startCli(
      ['api', '--port', '0'],
      { ...env.env, WEBHOOK_SECRET: SECRET },
      /API listening on http:\/\/\S+:\d+/,
    );
    base = /API listening on (http:\/\/\S+:\d+)/.exec(api.output())![1]!;
  });

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  it('reports health, with security headers and without framework fingerprints', async () => {
    const response = await fetch(`${base}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', temporal: true, elasticsearch: true, store: true });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('serves one source on asking, and the buzz hour by hour, equal to the ground truth', async () => {
    const truth = zephyrine[DAY]!;
    const launchDay = async (source: string) =>
      ((await (await fetch(`${base}/api/shows/zephyrine-hollow:2/buzz?source=${source}`)).json()) as BuzzRow[]).find(
        (d) => d.date === DAY,
      )!;
    expect(await launchDay('twitter')).toMatchObject({ source: 'twitter', coverage: 'partial', tweets: truth.tweets });
    // No Bluesky hour was captured: no data, not zero.
    expect(await launchDay('bluesky')).toMatchObject({ source: 'bluesky', coverage: 'none', tweets: null });

    const hourly = (await (
      await fetch(`${base}/api/shows/zephyrine-hollow:2/buzz/hourly?hours=24&until=${DAY}T23`)
    ).json()) as { hour: string; source: string; coverage: string; tweets: number | null; retweets: number | null }[];
    const sum = (source: string, field: 'tweets' | 'retweets') =>
      hourly.filter((h) => h.source === source).reduce((total, h) => total + (h[field] ?? 0), 0);
    expect([sum('all', 'tweets'), sum('all', 'retweets')]).toEqual([truth.tweets, truth.retweets]);
    expect(sum('twitter', 'tweets')).toBe(truth.tweets);
    // Only hours 08–11 were ingested, all from the archive: every other hour, and every Bluesky
    // hour, has no data rather than zero.
    const ingested = ['08', '09', '10', '11'];
    const hourCoverage = (source: string) =>
      Object.fromEntries(hourly.filter((h) => h.source === source).map((h) => [h.hour.slice(11, 13), h.coverage]));
    const expected = (has: (hour: string) => boolean) =>
      Object.fromEntries(
        Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).map((hour) => [
          hour,
          has(hour) ? 'complete' : 'none',
        ]),
      );
    expect(hourCoverage('all')).toEqual(expected((hour) => ingested.includes(hour)));
    expect(hourCoverage('twitter')).toEqual(expected((hour) => ingested.includes(hour)));
    expect(hourCoverage('bluesky')).toEqual(expected(() => false));
    expect(hourly.filter((h) => h.coverage === 'none').every((h) => h.tweets === null && h.retweets === null)).toBe(
      true,
    );

    expect((await fetch(`${base}/api/shows/zephyrine-hollow:2/explain?date=2019-07-32`)).status).toBe(400);
    expect((await fetch(`${base}/api/shows/zephyrine-hollow:2/explain`)).status).toBe(400);
    expect((await fetch(`${base}/api/shows/no-such-show:1/explain?date=${DAY}`)).status).toBe(404);
    // The launch day's matching tweets, the same number the daily view counts.
    const explained = (await (await fetch(`${base}/api/shows/zephyrine-hollow:2/explain?date=${DAY}`)).json()) as {
      tweets: number;
    };
    expect(explained.tweets).toBe(truth.tweets);
    for (const query of ['leaderboard?window=6..0', 'leaderboard?window=week', 'leaderboard?metric=likes'])
      expect((await fetch(`${base}/api/${query}`)).status).toBe(400);
    // The launch day is only partly ingested: every show is listed, none ranked.
    const board = (await (await fetch(`${base}/api/leaderboard?window=0..0`)).json()) as {
      rank: number | null;
      show_key: string;
      tweets: number | null;
    }[];
    expect(board.find((row) => row.show_key === 'zephyrine-hollow:2')).toMatchObject({
      rank: null,
      tweets: truth.tweets,
      completeness: '1 of 1 with data, 1 partial',
    });
    expect(board.every((row) => row.rank === null)).toBe(true);
    const csv = await (await fetch(`${base}/api/leaderboard?window=0..0&format=csv`)).text();
    expect(csv.split('\n')[0]).toBe(LEADERBOARD_CSV_COLUMNS.join(','));
    for (const query of ['buzz?source=mastodon', 'buzz/hourly?hours=0', 'buzz/hourly?until=2019-07-03'])
      expect((await fetch(`${base}/api/shows/zephyrine-hollow:2/${query}`)).status).toBe(400);
  });

  it('lists the shows and serves their buzz as JSON and CSV, equal to the ground truth', async () => {
    const shows = (await (await fetch(`${base}/api/shows`)).json()) as { show_key: string; workflow_url: string }[];
    expect(shows.map((s) => s.show_key)).toEqual(SAMPLE_SHOWS.map((s) => s.show_key).sort());
    expect(shows[0]!.workflow_url).toBe(
      `http://localhost:8233/namespaces/${env.config.temporal.namespace}/workflows/show-glimmer-tide%3A1`,
    );

    // Only hours 08–11 UTC of the launch day were ingested: a partial day in a 36-day window whose
    // other days have no data at all.
    const truth = zephyrine[DAY]!;
    const statuses = Object.values(sampleDays[DAY]!.per_member).reduce((sum, member) => sum + member.en, 0);
    const window = daysBetween('2019-06-26', '2019-07-31');
    const row = (date: string) => ({
      show_key: 'zephyrine-hollow:2',
      show_name: 'Zephyrine Hollow',
      season: '2',
      date,
      source: 'all',
      days_since_launch: window.indexOf(date) - 7,
      // The sample sheet lists no Wikipedia article.
      pageviews: null,
      pageviews_coverage: null,
    });
    const days = (await (await fetch(`${base}/api/shows/zephyrine-hollow:2/buzz`)).json()) as BuzzRow[];
    const stored = (await env.repos.dailyBuzz.ofShow('zephyrine-hollow:2')).find((d) => d.date === DAY);
    expect(days).toEqual(
      window.map((date) =>
        date === DAY
          ? {
              ...row(date),
              coverage: 'partial',
              tweets: truth.tweets,
              original_tweets: truth.original_tweets,
              retweets: truth.retweets,
              unique_authors: truth.unique_authors,
              share_of_sample: truth.tweets / statuses,
              statuses_in_sample: statuses,
              ...NO_ESTIMATE,
              no_authors_estimate: 'only part of it was ingested from twitter',
              sample_verdict: 'sample',
              no_estimate: 'only part of it was ingested from twitter',
              ...plantedSentiment(truth, stored?.mean_sentiment),
              ...generatedOrganic(truth),
              data_complete: false,
              terms: { 'Zephyrine Hollow': truth.tweets },
            }
          : {
              ...row(date),
              coverage: 'none',
              tweets: null,
              original_tweets: null,
              retweets: null,
              unique_authors: null,
              share_of_sample: null,
              statuses_in_sample: null,
              ...NO_ESTIMATE,
              no_authors_estimate: 'nothing was ingested',
              sample_verdict: null,
              no_estimate: 'nothing was ingested',
              ...NOTHING_INGESTED_SENTIMENT,
              ...generatedOrganic(),
              data_complete: false,
              terms: { 'Zephyrine Hollow': null },
            },
      ),
    );
    expect(truth.tweets).toBeGreaterThan(0);

    const csv = await fetch(`${base}/api/shows/zephyrine-hollow:2/buzz?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename=zephyrine-hollow_2-buzz.csv');
    const [header, ...rows] = (await csv.text()).trim().split('\n');
    expect(header).toBe(`${BUZZ_CSV_COLUMNS.join(',')},term:Zephyrine Hollow`);
    expect(rows).toEqual(
      window.map((date, i) =>
        date === DAY
          ? `zephyrine-hollow:2,Zephyrine Hollow,2,${DAY},0,partial,${truth.tweets},${truth.original_tweets},${truth.retweets},${truth.unique_authors},${truth.tweets / statuses},,,,,,,,,,,,only part of it was ingested from twitter,sample,only part of it was ingested from twitter,${sentimentCells(plantedSentiment(truth, stored?.mean_sentiment))},false,,,${organicCells(generatedOrganic(truth))},${truth.tweets}`
          : `zephyrine-hollow:2,Zephyrine Hollow,2,${date},${i - 7},none,,,,,,,,,,,,,,,,,nothing was ingested,,nothing was ingested,${sentimentCells(NOTHING_INGESTED_SENTIMENT)},false,,,${organicCells(generatedOrganic())},`,
      ),
    );

    // Several shows at once (the dashboard's download): one CSV, every show's term columns.
    const both = await fetch(`${base}/api/shows/zephyrine-hollow:2,quillfeather:3/buzz?format=csv`);
    expect(both.headers.get('content-disposition')).toBe('attachment; filename=shows-buzz.csv');
    const [bothHeader, ...bothRows] = (await both.text()).trim().split('\n');
    // Terms in Elasticsearch's order of the filters' names.
    expect(bothHeader).toBe(`${header},term:#Quillfeather,term:@QuillfeatherTV`);
    expect(bothRows.slice(0, 36)).toEqual(rows.map((r) => `${r},,`));
    const quill = buzz['quillfeather:3']![DAY]!;
    const quillStored = (await env.repos.dailyBuzz.ofShow('quillfeather:3')).find((d) => d.date === DAY);
    expect(bothRows.slice(36)).toEqual(
      daysBetween('2019-06-28', '2019-07-10').map((date, i) =>
        date === DAY
          ? `quillfeather:3,Quillfeather,3,${DAY},1,partial,${quill.tweets},${quill.original_tweets},${quill.retweets},${quill.unique_authors},${quill.tweets / statuses},,,,,,,,,,,,only part of it was ingested from twitter,sample,only part of it was ingested from twitter,${sentimentCells(plantedSentiment(quill, quillStored?.mean_sentiment))},false,,,${organicCells(generatedOrganic(quill))},,${quill.terms['#Quillfeather'] ?? 0},${quill.terms['@QuillfeatherTV'] ?? 0}`
          : `quillfeather:3,Quillfeather,3,${date},${i - 4},none,,,,,,,,,,,,,,,,,nothing was ingested,,nothing was ingested,${sentimentCells(NOTHING_INGESTED_SENTIMENT)},false,,,${organicCells(generatedOrganic())},,,`,
      ),
    );
    expect(quill.tweets).toBeGreaterThan(0);
    expect((await fetch(`${base}/api/shows/zephyrine-hollow:2,nope:1/buzz`)).status).toBe(404);

    const missing = await fetch(`${base}/api/shows/nope:1/buzz`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no show nope:1' });
  });

  it('accepts an edit signed by the Apps Script (Code.gs) and the edited show is recomputed within seconds', async () => {
    const marrowdeep = SAMPLE_SHOWS.find((s) => s.show_key === 'the-marrowdeep-affair:1')!;
    const rows = SAMPLE_SHOWS.map((s) =>
      s === marrowdeep ? { ...s.row, optional_search_terms: '#MarrowdeepFinale' } : s.row,
    );
    const grid = {
      id: 'sheet-1',
      name: 'Shows',
      cells: [[...SHEET_COLUMNS], ...rows.map((row) => SHEET_COLUMNS.map((c) => row[c]))],
    };
    const script = runAppsScript(path.join(PROJECT_ROOT, 'infra', 'apps-script', 'Code.gs'), {
      BUZZ_WEBHOOK_URL: `${base}/hooks/sheet-edit`,
      BUZZ_WEBHOOK_SECRET: SECRET,
    });

    const edited = Date.now();
    expect(script.edit(grid, SAMPLE_SHOWS.indexOf(marrowdeep) + 2)).toBe(202);
    expect(JSON.parse(script.calls[0]!.text)).toEqual({
      workflowIds: ['show-the-marrowdeep-affair:1'],
      unchanged: [],
      errors: [],
    });

    const onlyFinale = aggregatePhrases(byPhrase[marrowdeep.show_key]!, (phrase) =>
      phrase === 'marrowdeep #MarrowdeepFinale' ? ['Marrowdeep', '#MarrowdeepFinale'] : [],
    );
    let visibleAfter: number;
    for (;;) {
      const days = (await (await fetch(`${base}/api/shows/${marrowdeep.show_key}/buzz`)).json()) as BuzzRow[];
      const recomputed = days.length > 0 && days.every((d) => d.terms['affair'] === undefined);
      if (recomputed) {
        visibleAfter = Date.now() - edited;
        // The hours ingested are a partial day in Los Angeles; the others have no data.
        for (const d of days)
          expect([d.date, d.coverage, d.tweets]).toEqual(
            d.date === DAY ? [DAY, 'partial', onlyFinale[DAY]?.tweets ?? 0] : [d.date, 'none', null],
          );
        break;
      }
      if (Date.now() - edited > 30_000) throw new Error('the edit never became visible');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.info(`sheet edit → buzz visible through the API: ${visibleAfter} ms`);
    expect(visibleAfter).toBeLessThan(30_000);
  });

  it('refuses unsigned, badly signed, stale, replayed, oversized and malformed requests, and starts nothing', async () => {
    const body = editBody('Never Started');
    const old = String(Math.floor(Date.now() / 1000) - 600);
    expect((await post(body, {})).status).toBe(401);
    expect(
      (
        await post(body, {
          ...signed(body),
          'x-buzz-signature': sign('another-secret-0123456789', String(Math.floor(Date.now() / 1000)), body),
        })
      ).status,
    ).toBe(401);
    expect((await post(body, signed(body, old))).status).toBe(401);
    expect((await post(`${body} `, signed(body))).status).toBe(401);
    const big = JSON.stringify({
      spreadsheetId: 'x',
      sheetName: 'x',
      editedAt: 'x',
      rows: [{ pad: 'x'.repeat(300 * 1024) }],
    });
    expect((await post(big, signed(big))).status).toBe(413);
    const notJson = '{"rows": [';
    expect((await post(notJson, signed(notJson))).status).toBe(400);
    const wrongShape = JSON.stringify({ rows: 'everything' });
    const shaped = await post(wrongShape, signed(wrongShape));
    expect(shaped.status).toBe(400);
    expect(await shaped.json()).toEqual({ error: 'the body does not have the expected shape: spreadsheetId' });
    const asText = await fetch(`${base}/hooks/sheet-edit`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain', ...signed(body) },
    });
    expect(asText.status).toBe(415);
    await expect(env.temporal.workflow.getHandle(workflowIds.show('never-started:1')).describe()).rejects.toThrow(
      /not found/i,
    );

    const unchanged = editBody('Zephyrine Hollow', { season: '2', mandatory_search_terms: 'Zephyrine Hollow' });
    const headers = signed(unchanged);
    const first = await post(unchanged, headers);
    expect(first.status).toBe(202);
    const replay = await post(unchanged, headers);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({ error: 'invalid signature' });
  });

  it('answers rows it cannot use with their reasons, and never leaks internals', async () => {
    const body = JSON.stringify({
      spreadsheetId: 'sheet-1',
      sheetName: 'Shows',
      editedAt: 'now',
      rows: [{ show_name: 'Bad', season: '1', launch_date: 'soon' }],
      rowNumbers: [9],
    });
    const response = await post(body, signed(body));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      workflowIds: [],
      unchanged: [],
      errors: [
        { row: 9, column: 'launch_date', reason: '"soon" is not a date (YYYY-MM-DD)', show_name: 'Bad' },
        {
          row: 9,
          column: 'mandatory_search_terms',
          reason: 'no search terms: give at least one mandatory or optional term',
          show_name: 'Bad',
        },
      ],
    });
    const notFound = await fetch(`${base}/nowhere`);
    expect(notFound.status).toBe(404);
    expect(await notFound.text()).toBe('{"error":"not found"}');
  });
});

describe('a signed edit that reaches a fresh deployment before any worker has run (real Elasticsearch, Temporal)', () => {
  let env: BuzzTestEnv;
  let api: ApiServer;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    api = createApiServer({
      config: { ...env.config, webhookSecret: SECRET },
      es: env.es,
      temporal: env.temporal,
      store: new FileStore('file:', path.join(env.workDir, 'store')),
      logger: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  it('creates the show indices with their mappings, so the show is listed and its buzz can be read', async () => {
    const base = `http://127.0.0.1:${await api.start(0)}`;
    const body = JSON.stringify({
      spreadsheetId: 'sheet-1',
      sheetName: 'Shows',
      editedAt: new Date().toISOString(),
      rows: [{ show_name: 'First Edit', season: '1', launch_date: DAY, mandatory_search_terms: 'first' }],
    });
    const edit = await fetch(`${base}/hooks/sheet-edit`, {
      method: 'POST',
      body,
      headers: signedJsonHeaders(SECRET, body),
    });
    expect(edit.status).toBe(202);

    const shows = indexNames(env.config.elasticsearch.indexPrefix).shows;
    const mapping = await env.es.indices.getMapping({ index: shows });
    expect(mapping[shows]!.mappings.properties!.show_key).toEqual({ type: 'keyword' });
    const listed = await fetch(`${base}/api/shows`);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { show_key: string }[]).map((s) => s.show_key)).toEqual(['first-edit:1']);
    const buzz = await fetch(`${base}/api/shows/first-edit:1/buzz`);
    expect(buzz.status).toBe(200);
    expect(await buzz.json()).toEqual([]);
  });
});
