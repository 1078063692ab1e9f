import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { daysBetween, type Day } from '../../domain/days';
import {
  AGGREGATE_BASE_VIEWS,
  startWikimediaServer,
  type WikimediaServer,
  type WikimediaServerOptions,
} from '../../infra/local/wikimedia-server';
import {
  articleViews,
  generatePageviews,
  readPageviewsSample,
  writePageviewsSample,
  type ArticleSpec,
  type PageviewsSample,
} from '../../simulator/pageviews';

/*
 * The local stand-in of the Wikimedia pageviews API, serving generated pageviews: what a client
 * receives is checked item by item against the sample's ground truth, with the API's rules
 * (zero days left out, nothing after the last published day, 404 for an empty answer) applied
 * here on their own.
 */

const SUCCESSION = 'Succession_(season_2)';
const HOLLOW = 'Zéphyrine_Hollow';
const ORCHARD = 'Quiet_Orchard';
const ARTICLES: ArticleSpec[] = [
  {
    project: 'en.wikipedia',
    title: SUCCESSION,
    launch: '2024-03-12',
    base: 900,
    peak: 25_000,
    zeroDays: ['2024-03-05'],
  },
  // Small enough that some days have no view at all, by chance.
  { project: 'de.wikipedia', title: HOLLOW, base: 1.5 },
  { project: 'en.wikipedia', title: ORCHARD, base: 40, neverViewed: true },
  { project: 'en.wikipedia', title: 'Low_Tide', base: 3 },
];
const OPTIONS = { seed: 7, from: '2024-03-01', to: '2024-03-31', lastPublished: '2024-03-25', articles: ARTICLES };
const SAMPLE: PageviewsSample = generatePageviews(OPTIONS);
const USER_AGENT = 'BuzzTracker-tests/0.1 (https://example.org/buzztracker; tests@example.org)';

function truthOf(project: string, title: string): Record<Day, number> {
  const article = SAMPLE.articles.find((entry) => entry.project === project && entry.title === title);
  if (!article) throw new Error(`${project} ${title} is not in the sample`);
  return article.views;
}

function compact(day: Day): string {
  return day.replaceAll('-', '');
}

function articlePath(
  project: string,
  title: string,
  start: string,
  end: string,
  access = 'all-access',
  agent = 'user',
) {
  return `/metrics/pageviews/per-article/${project}/${access}/${agent}/${encodeURIComponent(title)}/daily/${start}/${end}`;
}

/** What the API should answer for an article, from the truth: published days with views, in order. */
function expectedItems(project: string, title: string, from: Day, to: Day, lastPublished = SAMPLE.lastPublished) {
  const truth = truthOf(project, title);
  return daysBetween(from, to)
    .filter((day) => day <= lastPublished && truth[day]! > 0)
    .map((day) => ({
      project,
      article: title,
      granularity: 'daily',
      timestamp: `${compact(day)}00`,
      access: 'all-access',
      agent: 'user',
      views: truth[day],
    }));
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

async function get(server: WikimediaServer, requestPath: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(`${server.url}${requestPath}`, { headers: { 'User-Agent': USER_AGENT }, ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function itemsOf(reply: Reply): Record<string, unknown>[] {
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  return (JSON.parse(reply.text) as { items: Record<string, unknown>[] }).items;
}

interface Problem {
  type: string;
  title: string;
  method: string;
  detail: string;
  uri: string;
}

function problemOf(reply: Reply, status: number): Problem {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/problem+json');
  const body = JSON.parse(reply.text) as Problem;
  expect(body).toEqual({
    type: expect.any(String),
    title: expect.any(String),
    method: 'get',
    detail: expect.any(String),
    uri: expect.any(String),
  });
  return body;
}

const NOT_FOUND = {
  type: 'https://mediawiki.org/wiki/HyperSwitch/errors/not_found',
  title: 'Not found.',
  method: 'get',
  detail:
    'The date(s) you used are valid, but we either do not have data for those date(s), or the project you asked ' +
    'for is not loaded yet. Please check documentation for more information.',
};

/** A GET with node:http, whose headers are exactly `headers` (fetch always adds a User-Agent). */
function rawGet(server: WikimediaServer, requestPath: string, headers: http.OutgoingHttpHeaders): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}${requestPath}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const replyHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers))
          if (typeof value === 'string') replyHeaders.set(name, value);
        resolve({ status: response.statusCode!, headers: replyHeaders, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

const servers: WikimediaServer[] = [];
async function start(options: Partial<WikimediaServerOptions> = {}): Promise<WikimediaServer> {
  const server = await startWikimediaServer({ sample: SAMPLE, ...options });
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

describe('generatePageviews', () => {
  test('gives the same views for the same seed, and others for another seed', () => {
    expect(generatePageviews(OPTIONS)).toEqual(SAMPLE);
    const other = generatePageviews({ ...OPTIONS, seed: 8 });
    expect(other.articles[0]!.views).not.toEqual(SAMPLE.articles[0]!.views);
  });

  test('has a whole number ≥ 0 for every day and article, and honours zero days and neverViewed', () => {
    const days = daysBetween('2024-03-01', '2024-03-31');
    for (const article of SAMPLE.articles) {
      expect(Object.keys(article.views)).toEqual(days);
      for (const day of days) {
        expect(Number.isInteger(article.views[day])).toBe(true);
        expect(article.views[day]).toBeGreaterThanOrEqual(0);
      }
    }
    expect(truthOf('en.wikipedia', SUCCESSION)['2024-03-05']).toBe(0);
    expect(Object.values(truthOf('en.wikipedia', ORCHARD)).every((views) => views === 0)).toBe(true);
    // A small base gives zero days by chance, and days with views too.
    const hollow = Object.values(truthOf('de.wikipedia', HOLLOW));
    expect(hollow.filter((views) => views === 0).length).toBeGreaterThan(0);
    expect(hollow.filter((views) => views > 0).length).toBeGreaterThan(10);
  });

  test('rises to the peak around launch and falls back to the base', () => {
    const truth = truthOf('en.wikipedia', SUCCESSION);
    expect(truth['2024-03-12']).toBeGreaterThan(20_000);
    expect(truth['2024-03-12']).toBeLessThan(30_000);
    expect(truth['2024-03-11']).toBeGreaterThan(truth['2024-03-09']!);
    expect(truth['2024-03-13']).toBeGreaterThan(truth['2024-03-20']!);
    expect(truth['2024-03-01']).toBeGreaterThan(800);
    expect(truth['2024-03-01']).toBeLessThan(1_000);
  });

  test("an article's views do not depend on the other articles", () => {
    const alone = generatePageviews({ ...OPTIONS, articles: [ARTICLES[1]!] });
    expect(alone.articles[0]).toEqual(SAMPLE.articles[1]);
  });

  test('refuses a title with spaces, a zero day outside the range and an article given twice', () => {
    expect(() =>
      generatePageviews({ ...OPTIONS, articles: [{ project: 'en.wikipedia', title: 'A b', base: 1 }] }),
    ).toThrow(/underscores/);
    const outside = { project: 'en.wikipedia', title: 'A', base: 1, zeroDays: ['2024-04-01'] };
    expect(() => generatePageviews({ ...OPTIONS, articles: [outside] })).toThrow(/outside/);
    expect(() => generatePageviews({ ...OPTIONS, articles: [ARTICLES[0]!, ARTICLES[0]!] })).toThrow(/twice/);
  });

  test('articleViews sums the truth, published or not', () => {
    const truth = truthOf('en.wikipedia', SUCCESSION);
    const sum = daysBetween('2024-03-20', '2024-03-31').reduce((total, day) => total + truth[day]!, 0);
    expect(articleViews(SAMPLE, 'en.wikipedia', SUCCESSION, '2024-03-20', '2024-03-31')).toBe(sum);
    expect(() => articleViews(SAMPLE, 'en.wikipedia', 'Nope', '2024-03-01', '2024-03-02')).toThrow(/not in/);
  });

  test('writes and reads a sample file, and refuses one with a day missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pageviews-'));
    try {
      const file = path.join(dir, 'pageviews.json');
      writePageviewsSample(file, SAMPLE);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toHaveProperty('last_published', '2024-03-25');
      expect(readPageviewsSample(file)).toEqual(SAMPLE);
      const broken = JSON.parse(fs.readFileSync(file, 'utf8')) as { articles: { views: Record<string, number> }[] };
      delete broken.articles[1]!.views['2024-03-10'];
      fs.writeFileSync(file, JSON.stringify(broken));
      expect(() => readPageviewsSample(file)).toThrow(/not a pageviews sample/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('per-article pageviews', () => {
  let server: WikimediaServer;
  beforeAll(async () => {
    server = await start();
  });

  test('answers the days with views, in order, leaving zero days out', async () => {
    const items = itemsOf(await get(server, articlePath('en.wikipedia', SUCCESSION, '20240301', '20240320')));
    const expected = expectedItems('en.wikipedia', SUCCESSION, '2024-03-01', '2024-03-20');
    expect(items).toEqual(expected);
    expect(items).toHaveLength(19);
    expect(items.map((item) => item.timestamp)).not.toContain('2024030500');
    const total = items.reduce((sum, item) => sum + (item.views as number), 0);
    expect(total).toBe(articleViews(SAMPLE, 'en.wikipedia', SUCCESSION, '2024-03-01', '2024-03-20'));
  });

  test('finds a non-ASCII title given percent-encoded, and leaves its chance zero days out', async () => {
    const requestPath = articlePath('de.wikipedia', HOLLOW, '20240301', '20240325');
    expect(requestPath).toContain('Z%C3%A9phyrine_Hollow');
    const items = itemsOf(await get(server, requestPath));
    expect(items).toEqual(expectedItems('de.wikipedia', HOLLOW, '2024-03-01', '2024-03-25'));
    expect(items.length).toBeLessThan(25);
    expect(items.every((item) => item.article === HOLLOW && item.project === 'de.wikipedia')).toBe(true);
  });

  test('takes YYYYMMDDHH, ignoring the hour, and echoes the access and agent asked for', async () => {
    const items = itemsOf(
      await get(
        server,
        articlePath('en.wikipedia', SUCCESSION, '2024030623', '2024030800', 'mobile-web', 'all-agents'),
      ),
    );
    const truth = truthOf('en.wikipedia', SUCCESSION);
    expect(items).toEqual(
      ['2024-03-06', '2024-03-07', '2024-03-08'].map((day) =>
        expect.objectContaining({
          timestamp: `${compact(day)}00`,
          access: 'mobile-web',
          agent: 'all-agents',
          views: truth[day],
        }),
      ),
    );
  });

  test('does not find a title given with spaces, as the API does not normalise', async () => {
    const requestPath = articlePath('en.wikipedia', 'Succession (season 2)', '20240301', '20240320');
    const body = problemOf(await get(server, requestPath), 404);
    expect(body).toEqual({ ...NOT_FOUND, uri: requestPath });
  });

  test('answers 404 for an article never viewed and for an unknown project', async () => {
    expect(
      problemOf(await get(server, articlePath('en.wikipedia', ORCHARD, '20240301', '20240325')), 404),
    ).toMatchObject(NOT_FOUND);
    expect(
      problemOf(await get(server, articlePath('fr.wikipedia', SUCCESSION, '20240301', '20240325')), 404),
    ).toMatchObject(NOT_FOUND);
  });

  test('answers 404 for a range wholly after the last published day, though the truth has views there', async () => {
    expect(articleViews(SAMPLE, 'en.wikipedia', SUCCESSION, '2024-03-26', '2024-03-31')).toBeGreaterThan(0);
    const body = problemOf(await get(server, articlePath('en.wikipedia', SUCCESSION, '20240326', '20240331')), 404);
    expect(body).toMatchObject(NOT_FOUND);
  });

  test('answers a range across the last published day up to it only', async () => {
    const items = itemsOf(await get(server, articlePath('en.wikipedia', SUCCESSION, '20240320', '20240331')));
    expect(items).toEqual(expectedItems('en.wikipedia', SUCCESSION, '2024-03-20', '2024-03-25'));
    expect(items[items.length - 1]!.timestamp).toBe('2024032500');
  });

  test('serves nothing before 2015-07-01, where the data begins', async () => {
    const early = generatePageviews({
      seed: 1,
      from: '2015-06-28',
      to: '2015-07-03',
      lastPublished: '2015-07-03',
      articles: [{ project: 'en.wikipedia', title: 'Old_Show', base: 500 }],
    });
    const earlyServer = await start({ sample: early });
    const items = itemsOf(await get(earlyServer, articlePath('en.wikipedia', 'Old_Show', '20150601', '20150710')));
    expect(items.map((item) => item.timestamp)).toEqual(['2015070100', '2015070200', '2015070300']);
    expect(
      problemOf(await get(earlyServer, articlePath('en.wikipedia', 'Old_Show', '20150628', '20150630')), 404),
    ).toMatchObject(NOT_FOUND);
  });
});

describe('the publish lag', () => {
  test('setLastPublished reveals the next day', async () => {
    const server = await start();
    const requestPath = articlePath('en.wikipedia', SUCCESSION, '20240320', '20240331');
    const before = itemsOf(await get(server, requestPath));
    expect(before[before.length - 1]!.timestamp).toBe('2024032500');
    expect(truthOf('en.wikipedia', SUCCESSION)['2024-03-26']).toBeGreaterThan(0);
    server.setLastPublished('2024-03-26');
    const after = itemsOf(await get(server, requestPath));
    expect(after).toEqual(expectedItems('en.wikipedia', SUCCESSION, '2024-03-20', '2024-03-31', '2024-03-26'));
    expect(after[after.length - 1]!.timestamp).toBe('2024032600');
    expect(after).toHaveLength(before.length + 1);
  });

  test('the lastPublished option overrides the sample', async () => {
    const server = await start({ lastPublished: '2024-03-10' });
    const items = itemsOf(await get(server, articlePath('en.wikipedia', SUCCESSION, '20240301', '20240331')));
    expect(items[items.length - 1]!.timestamp).toBe('2024031000');
  });
});

describe('aggregate pageviews', () => {
  let server: WikimediaServer;
  beforeAll(async () => {
    server = await start();
  });

  test('gives every published day of a project, so a client learns the last one', async () => {
    const requestPath = '/metrics/pageviews/aggregate/en.wikipedia/all-access/user/daily/20240101/20241231';
    const items = itemsOf(await get(server, requestPath));
    const days = daysBetween('2024-03-01', '2024-03-25');
    expect(items.map((item) => item.timestamp)).toEqual(days.map((day) => `${compact(day)}00`));
    const english = SAMPLE.articles.filter((article) => article.project === 'en.wikipedia');
    expect(items).toEqual(
      days.map((day) => ({
        project: 'en.wikipedia',
        access: 'all-access',
        agent: 'user',
        granularity: 'daily',
        timestamp: `${compact(day)}00`,
        views: english.reduce((sum, article) => sum + article.views[day]!, AGGREGATE_BASE_VIEWS),
      })),
    );
  });

  test('answers 404 for an unknown project and for a range not yet published', async () => {
    const unknown = '/metrics/pageviews/aggregate/fr.wikipedia/all-access/user/daily/20240101/20241231';
    expect(problemOf(await get(server, unknown), 404)).toEqual({ ...NOT_FOUND, uri: unknown });
    const later = '/metrics/pageviews/aggregate/en.wikipedia/all-access/user/daily/20240326/20241231';
    expect(problemOf(await get(server, later), 404)).toMatchObject(NOT_FOUND);
  });
});

describe('refusals', () => {
  let server: WikimediaServer;
  beforeAll(async () => {
    server = await start();
  });
  const good = articlePath('en.wikipedia', SUCCESSION, '20240301', '20240310');

  test('refuses a request without a User-Agent, or with an empty one, with 403', async () => {
    for (const headers of [{}, { 'User-Agent': '' }]) {
      const body = problemOf(await rawGet(server, good, headers), 403);
      expect(body.detail).toMatch(/User-Agent/);
      expect(body.type).toMatch(/forbidden$/);
    }
    expect(server.requests.slice(-2).map(({ status, userAgent }) => ({ status, userAgent }))).toEqual([
      { status: 403, userAgent: '' },
      { status: 403, userAgent: '' },
    ]);
    // The same request with one is answered.
    expect((await rawGet(server, good, { 'User-Agent': USER_AGENT })).status).toBe(200);
    expect(server.requests[server.requests.length - 1]).toEqual({
      path: good,
      status: 200,
      userAgent: USER_AGENT,
      at: expect.any(Number),
    });
  });

  test.each([
    ['an impossible date', articlePath('en.wikipedia', SUCCESSION, '20240230', '20240310'), /start/],
    ['a date too short', articlePath('en.wikipedia', SUCCESSION, '20240301', '2024031'), /end/],
    ['an hour past 23', articlePath('en.wikipedia', SUCCESSION, '2024030124', '20240310'), /start/],
    ['start after end', articlePath('en.wikipedia', SUCCESSION, '20240310', '20240301'), /after/],
    ['an unknown access', articlePath('en.wikipedia', SUCCESSION, '20240301', '20240310', 'phone'), /access/],
    ['an unknown agent', articlePath('en.wikipedia', SUCCESSION, '20240301', '20240310', 'all-access', 'bot'), /agent/],
    ['an unknown granularity', good.replace('/daily/', '/hourly/'), /granularity/],
    ['monthly', good.replace('/daily/', '/monthly/'), /not supported/],
    [
      'a bad aggregate date',
      '/metrics/pageviews/aggregate/en.wikipedia/all-access/user/daily/2024xx01/20240310',
      /start/,
    ],
  ])('answers 400 for %s', async (_what, requestPath, detail) => {
    const body = problemOf(await get(server, requestPath), 400);
    expect(body.type).toMatch(/\/bad_request$/);
    expect(body.detail).toMatch(detail);
    expect(body.uri).toBe(requestPath);
  });

  test('answers 404 for an unknown path and 405 for another method than GET', async () => {
    expect(problemOf(await get(server, '/metrics/pageviews/top/en.wikipedia/all-access/2024/03/01'), 404).type).toMatch(
      /not_found$/,
    );
    const posted = await get(server, good, { method: 'POST', headers: { 'User-Agent': USER_AGENT } });
    expect(problemOf(posted, 405).detail).toMatch(/GET/);
  });
});

/** Whether a body is the documented shape of a pageviews answer. */
function isDocumentedShape(text: string): boolean {
  let body: { items?: unknown };
  try {
    body = JSON.parse(text) as { items?: unknown };
  } catch {
    return false;
  }
  if (!Array.isArray(body?.items)) return false;
  return body.items.every(
    (item: Record<string, unknown>) =>
      typeof item.project === 'string' &&
      typeof item.article === 'string' &&
      item.granularity === 'daily' &&
      typeof item.timestamp === 'string' &&
      /^\d{10}$/.test(item.timestamp) &&
      Number.isSafeInteger(item.views),
  );
}

describe('faults on demand', () => {
  const requestPath = articlePath('en.wikipedia', SUCCESSION, '20240301', '20240310');

  test('throttleNext answers a 429 storm with its Retry-After, then serves again', async () => {
    const server = await start();
    server.throttleNext(3, 2);
    for (let i = 0; i < 3; i++) {
      const reply = await get(server, requestPath);
      problemOf(reply, 429);
      expect(reply.headers.get('retry-after')).toBe('2');
    }
    expect(itemsOf(await get(server, requestPath))).toEqual(
      expectedItems('en.wikipedia', SUCCESSION, '2024-03-01', '2024-03-10'),
    );
    expect(server.requests.map((request) => request.status)).toEqual([429, 429, 429, 200]);
  });

  test('failNext answers the status asked for, once', async () => {
    const server = await start();
    server.failNext(1, 503);
    expect(problemOf(await get(server, requestPath), 503).type).toMatch(/service_unavailable$/);
    expect((await get(server, requestPath)).status).toBe(200);
  });

  test('malformNext answers 200 with bodies that are not the documented shape, then good ones', async () => {
    const server = await start();
    server.malformNext(3);
    const aggregatePath = '/metrics/pageviews/aggregate/en.wikipedia/all-access/user/daily/20240301/20240310';
    const replies = [await get(server, requestPath), await get(server, aggregatePath), await get(server, requestPath)];
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(isDocumentedShape(reply.text)).toBe(false);
    }
    expect(new Set(replies.map((reply) => reply.text)).size).toBe(3);
    const good = await get(server, requestPath);
    expect(good.status).toBe(200);
    expect(isDocumentedShape(good.text)).toBe(true);
  });

  test('maxRequestsPerSecond answers the excess of one second with 429 and Retry-After: 1', async () => {
    const server = await start({ maxRequestsPerSecond: 5 });
    const replies = await Promise.all(Array.from({ length: 8 }, () => get(server, requestPath)));
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    for (const reply of replies.filter((each) => each.status === 429)) {
      expect(reply.headers.get('retry-after')).toBe('1');
      problemOf(reply, 429);
    }
    // A second later the window has moved on.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await get(server, requestPath)).status).toBe(200);
  });
});
