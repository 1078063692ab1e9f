import { daysBetween } from '../../domain/days';
import { parseArticle, type WikiArticle } from '../../domain/wikipedia-articles';
import { startWikimediaServer, type WikimediaServer } from '../../infra/local/wikimedia-server';
import { generatePageviews, type PageviewsSample } from '../../simulator/pageviews';
import { fetchPageviews } from '../../workflows/fetch-pageviews';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';

/*
 * R13: a year of daily pageviews for 40 articles, fetched from the local stand-in of the Wikimedia
 * API (the real API is not reachable here) at 4 requests a second, through a storm of 429s, while
 * the only worker process is killed with SIGKILL and another started. Every stored day equals the
 * generated truth.
 */

const FROM = '2019-01-01';
const TO = '2019-12-31';
const ARTICLES = 40;
const RATE = 4;

describe('R13: kill -9 the worker in the middle of a pageviews backfill, through a 429 storm', () => {
  let env: BuzzTestEnv;
  let server: WikimediaServer;
  let sample: PageviewsSample;
  const articles: WikiArticle[] = Array.from({ length: ARTICLES }, (_, i) => {
    const article = parseArticle(`en:Backfill Show ${i + 1}`);
    if (typeof article === 'string') throw new Error(article);
    return article;
  });
  const articleRequests = () => server.requests.filter((r) => r.path.includes('/per-article/'));

  beforeAll(async () => {
    sample = generatePageviews({
      seed: 13,
      from: FROM,
      to: TO,
      lastPublished: TO,
      articles: articles.map((article, i) => ({ ...article, launch: '2019-06-01', base: 5 + i, peak: 500 + 10 * i })),
    });
    server = await startWikimediaServer({ sample });
    env = await createBuzzTestEnv({
      store: 'file',
      env: { WIKIMEDIA_API_URL: server.url, WIKIMEDIA_MAX_REQUESTS_PER_SECOND: String(RATE) },
    });
  });

  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it('finishes on the new worker; every article-day equals the truth', async () => {
    const doomed = await startCli(['worker'], env.env, /polling task queue/);
    const handle = await env.temporal.workflow.start(fetchPageviews, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: 'pageviews-backfill-r13',
      args: [{ requests: articles.map((article) => ({ article, from: FROM, to: TO })) }],
    });
    for (const deadline = Date.now() + 60_000; articleRequests().length < 8;) {
      if (Date.now() > deadline) throw new Error('the backfill did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server.throttleNext(10, 1);
    doomed.process.kill('SIGKILL');
    const survivor = await startCli(['worker'], env.env, /polling task queue/);
    try {
      const result = await handle.result();
      expect(result.failed).toEqual([]);
      expect(result.fetched.map((f) => [f.found, f.range])).toEqual(articles.map(() => [true, { from: FROM, to: TO }]));
    } finally {
      await survivor.stop();
    }
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(10);

    const stored = await env.repos.pageviews.ofArticles(articles, FROM, TO);
    expect(stored).toHaveLength(ARTICLES * daysBetween(FROM, TO).length);
    const got = new Map(stored.map((day) => [`${day.article}|${day.date}`, day.views]));
    for (const truth of sample.articles)
      expect([truth.title, daysBetween(FROM, TO).map((day) => got.get(`${truth.title}|${day}`))]).toEqual([
        truth.title,
        daysBetween(FROM, TO).map((day) => truth.views[day]),
      ]);
  }, 300_000);
});
