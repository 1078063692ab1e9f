import fs from 'node:fs';
import path from 'node:path';
import { workflowIds } from '../../contracts/workflow-ids';
import { waitForComputations, waitForPageviews } from '../../client/shows';
import type { DailyDoc } from '../../domain/buzz-docs';
import { addDays, daysBetween, type Day } from '../../domain/days';
import { parseWindow } from '../../domain/leaderboard';
import { startWikimediaServer, type WikimediaServer } from '../../infra/local/wikimedia-server';
import { readLeaderboard } from '../../services/leaderboard';
import { generatePageviews, type PageviewsSample } from '../../simulator/pageviews';
import { SHEET_COLUMNS } from '../../simulator/shows';
import { dailyPageviews } from '../../workflows/fetch-pageviews';
import { syncShows } from '../../workflows/sync-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

/*
 * Pageviews fetched by the workflows on the real stack (Temporal, Elasticsearch 8.19) from the
 * local stand-in of the Wikimedia API (infra/local/wikimedia-server.ts; the real API is not
 * reachable here): a show's window when the sheet adds it, later days by the daily fetch, each day
 * of the shows' buzz equal to the generated truth, 0 and no data told apart.
 */

const OLD = { key: 'glimmer-tide:1', launch: '2019-07-04', from: '2019-06-27', to: '2019-07-20' };
const NEW = { key: 'harbor-lights:1', launch: '2026-07-10', from: '2026-07-03', to: '2026-07-31' };
/** The API has published up to here when the sheet is synced: the new show's last days are not out yet. */
const PUBLISHED = '2026-07-25';

const SHEET = [
  [...SHEET_COLUMNS, 'wikipedia_articles'],
  [
    'Glimmer Tide',
    '1',
    'Paperlake',
    OLD.launch,
    OLD.from,
    OLD.to,
    'Glimmer Tide',
    '',
    '',
    'UTC',
    'exact',
    'TRUE',
    'en:Glimmer Tide | de:Glimmer Tide (Staffel 1) | Glimmer Tyde',
  ],
  [
    'Harbor Lights',
    '1',
    'Northlight',
    NEW.launch,
    NEW.from,
    NEW.to,
    'Harbor Lights',
    '',
    '',
    'UTC',
    'exact',
    'TRUE',
    'https://en.wikipedia.org/wiki/Harbor_Lights_(TV_series)',
  ],
];

describe('pageviews fetched by the show and daily workflows (real services, local Wikimedia API)', () => {
  let env: BuzzTestEnv;
  let server: WikimediaServer;
  let sample: PageviewsSample;
  const truth = (project: string, title: string, day: Day): number =>
    sample.articles.find((a) => a.project === project && a.title === title)!.views[day]!;
  const oldTruth = (day: Day) =>
    truth('en.wikipedia', 'Glimmer_Tide', day) + truth('de.wikipedia', 'Glimmer_Tide_(Staffel_1)', day);
  const newTruth = (day: Day) => truth('en.wikipedia', 'Harbor_Lights_(TV_series)', day);

  const pageviewsOf = (docs: DailyDoc[]) =>
    docs.map((doc) => [doc.date, doc.pageviews_coverage, doc.pageviews ?? null]);

  beforeAll(async () => {
    sample = generatePageviews({
      seed: 11,
      from: '2019-06-01',
      to: '2026-08-31',
      lastPublished: PUBLISHED,
      articles: [
        {
          project: 'en.wikipedia',
          title: 'Glimmer_Tide',
          launch: OLD.launch,
          base: 40,
          peak: 3000,
          zeroDays: ['2019-07-08'],
        },
        { project: 'de.wikipedia', title: 'Glimmer_Tide_(Staffel_1)', launch: OLD.launch, base: 0.3, peak: 12 },
        { project: 'en.wikipedia', title: 'Glimmer_Tyde', base: 0, neverViewed: true },
        { project: 'en.wikipedia', title: 'Harbor_Lights_(TV_series)', launch: NEW.launch, base: 60, peak: 5000 },
      ],
    });
    server = await startWikimediaServer({ sample });
    env = await createBuzzTestEnv({
      store: 'file',
      env: { WIKIMEDIA_API_URL: server.url, WIKIMEDIA_MAX_REQUESTS_PER_SECOND: '5' },
    });
    await env.startWorker();
    const sheetFile = path.join(env.workDir, 'shows.csv');
    fs.writeFileSync(
      sheetFile,
      SHEET.map((row) => row.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n'),
    );
    const since = Date.now();
    const sync = await env.temporal.workflow.execute(syncShows, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.syncShows(`file:${sheetFile}`),
      args: [{ sheetUri: `file:${sheetFile}` }],
    });
    expect(sync.started.sort()).toEqual([OLD.key, NEW.key].sort());
    await waitForComputations(env.temporal, [OLD.key, NEW.key], since, 120_000);
    await waitForPageviews(env.temporal, env.repos, [OLD.key, NEW.key], 120_000);
  }, 180_000);

  afterAll(async () => {
    await env?.close();
    await server?.close();
  });

  it("stores each show's window with its days summed over the articles, exactly; a never-viewed title is 0 and reported", async () => {
    const docs = await env.repos.dailyBuzz.ofShow(OLD.key);
    expect(pageviewsOf(docs)).toEqual(daysBetween(OLD.from, OLD.to).map((day) => [day, 'complete', oldTruth(day)]));
    // The zero day of the show's page is a real 0 in the sum, not a gap.
    expect(docs.find((doc) => doc.date === '2019-07-08')!.pageviews_by_article).toEqual([
      { article: 'en:Glimmer Tide', pageviews: 0 },
      {
        article: 'de:Glimmer Tide (Staffel 1)',
        pageviews: truth('de.wikipedia', 'Glimmer_Tide_(Staffel_1)', '2019-07-08'),
      },
      { article: 'en:Glimmer Tyde', pageviews: 0 },
    ]);
    const show = await env.repos.shows.find(OLD.key);
    expect(show.pageviews_fetch).toEqual({
      fetched_at: expect.any(String),
      not_found: ['en:Glimmer Tyde'],
      failed: [],
    });
    // Every request named BuzzTracker, as Wikimedia's policy asks.
    expect(new Set(server.requests.map((r) => r.userAgent.split('/')[0]))).toEqual(new Set(['BuzzTracker']));
  });

  it('leaves the days not yet published without data, never 0', async () => {
    const docs = await env.repos.dailyBuzz.ofShow(NEW.key);
    expect(pageviewsOf(docs)).toEqual(
      daysBetween(NEW.from, NEW.to).map((day) =>
        day <= PUBLISHED ? [day, 'complete', newTruth(day)] : [day, 'none', null],
      ),
    );
  });

  it('ranks a 2019 launch and a 2026 launch side by side by pageviews, without a tweet of either', async () => {
    const rows = await readLeaderboard(env.repos, parseWindow('0..6'), 'pageviews');
    const week = (truthOf: (day: Day) => number, launch: Day) =>
      daysBetween(launch, addDays(launch, 6)).reduce((sum, day) => sum + truthOf(day), 0);
    const expected = [
      { show_key: OLD.key, pageviews: week(oldTruth, OLD.launch) },
      { show_key: NEW.key, pageviews: week(newTruth, NEW.launch) },
    ].sort((a, b) => b.pageviews - a.pageviews);
    expect(rows.map((row) => [row.rank, row.show_key, row.pageviews, row.pageviews_complete, row.tweets])).toEqual([
      [1, expected[0]!.show_key, expected[0]!.pageviews, true, null],
      [2, expected[1]!.show_key, expected[1]!.pageviews, true, null],
    ]);
  });

  it('the daily fetch gets the days published since, through a storm of 429s, and the shows recompute them', async () => {
    server.setLastPublished(NEW.to);
    const before = server.requests.length;
    server.throttleNext(4, 1);
    const since = Date.now();
    const result = await env.temporal.workflow.execute(dailyPageviews, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.dailyPageviews(NEW.to),
      args: [{ through: NEW.to }],
    });
    // One request for the new show's article from its first missing day; the old show has every day.
    expect(result).toMatchObject({
      through: NEW.to,
      requests: 1,
      fetched: 1,
      notFound: [],
      failed: [],
      notified: [NEW.key],
    });
    const answered = server.requests.slice(before);
    expect(answered.filter((r) => r.status === 429)).toHaveLength(4);
    expect(answered.filter((r) => r.status === 200 && r.path.includes('/per-article/'))).toEqual([
      expect.objectContaining({
        path: expect.stringContaining('/Harbor_Lights_(TV_series)/daily/2026072600/2026073100'),
      }),
    ]);
    await waitForComputations(env.temporal, [NEW.key], since, 120_000);
    const docs = await env.repos.dailyBuzz.ofShow(NEW.key);
    expect(pageviewsOf(docs)).toEqual(daysBetween(NEW.from, NEW.to).map((day) => [day, 'complete', newTruth(day)]));
  });
});
