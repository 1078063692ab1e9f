import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { SHOW_WORKFLOW } from '../../contracts/shows';
import { workflowIds } from '../../contracts/workflow-ids';
import type { DailyDoc } from '../../domain/buzz-docs';
import { indexNames, type IndexNames } from '../../domain/index-names';
import { ORGANIC_FIELDS, textsToRead } from '../../domain/organic';
import type { TweetDoc } from '../../domain/tweet';
import { explainDay } from '../../services/explain';
import { measureShow } from '../../services/measure-show';
import { raiseSpikeAlerts } from '../../services/spike-alerts';
import type { ShowDayTruth } from '../../simulator/generator';
import { floodPosts, officialPosts, type KnownPost } from '../../simulator/organic-posts';
import { writeSampleData } from '../../simulator/sample-data';
import { ingestDay } from '../../workflows/ingest-day';
import { syncShows } from '../../workflows/sync-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { countsOn, raisedAlerts, recentDays, seedDailySeries, startShows } from '../support/daily-series';
import { waitFor } from '../support/live-capture';
import { tweetDoc } from '../support/spike-day';

const DAY = '2019-07-03';
const OFFICIAL = 'ShowOfficialTV';
/** The injection of issue "Organic buzz": a giveaway pasted 500 times by 50 new accounts, and 30 promos. */
const INJECTED = { flood: 500, accounts: 50, official: 30 };

/** Writes the posts as ingestion does, or (`storedBefore`) as it did before near-duplicate fingerprints. */
async function inject(
  es: BuzzTestEnv['es'],
  indices: IndexNames,
  posts: KnownPost[],
  storedBefore = false,
): Promise<void> {
  await bulkWrite<Partial<TweetDoc>>(es, {
    what: 'injected posts',
    datasource: posts.map((post) => {
      const doc = tweetDoc(post.id, post.created_at, post.text, {
        user_id: post.user_id,
        user_screen_name: post.user_screen_name,
      });
      const { near_duplicate_bands: _bands, ...before } = doc;
      return storedBefore ? before : doc;
    }),
    onDocument: (t) => ({ index: { _index: indices.tweetsIndexFor(t.created_at!), _id: t.id! } }),
    refreshOnCompletion: indices.tweetsPattern,
  });
}

const organicOf = (day: DailyDoc | undefined) =>
  Object.fromEntries(ORGANIC_FIELDS.map((field) => [field, day?.[field]]));

/**
 * Organic buzz on real services. A generated archive day is ingested and its shows computed:
 * nothing of it is owned, flood or burst. Then the injection of the issue goes into one show-day
 * (500 near-identical posts from 50 new accounts, 30 by the show's official account, named in
 * the sheet's official_accounts column) and the show computes again. Last, a show with a steady
 * series gets the same injection on one day: the spike that raw counts would alert on is not
 * raised on organic counts.
 */
describe('organic buzz (real Temporal, Elasticsearch and store)', () => {
  let env: BuzzTestEnv;
  let indices: IndexNames;
  let target: { showKey: string; day: string; truth: ShowDayTruth; term: string };

  /** The injection into the target show-day: the flood, and the official account's posts. */
  const injection = () => ({
    flood: floodPosts({ day: target.day, posts: INJECTED.flood, accounts: INJECTED.accounts, term: target.term }),
    official: officialPosts({ day: target.day, posts: INJECTED.official, screenName: OFFICIAL, term: target.term }),
  });

  const daysOf = async (showKey: string) =>
    new Map((await env.repos.dailyBuzz.ofShow(showKey)).map((day) => [day.date, day]));

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    indices = indexNames(env.config.elasticsearch.indexPrefix);
    const archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 8,
      seed: 31,
      format: 'tar',
      hours: [6, 7, 8, 9, 10, 11],
    });
    // The show-day with the most matching tweets, and a term of its show to write the injection with.
    const [showKey, day, truth] = Object.entries(written.buzz)
      .flatMap(([key, days]) => Object.entries(days).map(([date, t]) => [key, date, t] as const))
      .sort((a, b) => b[2].tweets - a[2].tweets)[0]!;
    const sheetFile = path.join(archives, 'shows.csv');
    const rows = parse(fs.readFileSync(sheetFile), { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => `${r.show_name}:${r.season}`.toLowerCase().replaceAll(' ', '-') === showKey)!;
    target = { showKey, day, truth, term: row.mandatory_search_terms!.split(',')[0]!.trim() };
    fs.writeFileSync(
      sheetFile,
      stringify(
        rows.map((r) => ({ ...r, official_accounts: r === row ? `@${OFFICIAL}` : '' })),
        { header: true },
      ),
    );
    await env.startWorker({ maxActivities: 8 });
    await env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(DAY),
      args: [{ day: DAY, source: `dir:${archives}`, languages: ['en'] }],
    });
    await env.temporal.workflow.execute(syncShows, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: 'sync',
      args: [{ sheetUri: `file:${sheetFile}` }],
    });
  });

  afterAll(() => env?.close());

  it('counts every generated post organic: no owned, flood or burst in natural buzz', async () => {
    const day = await waitFor(
      `${target.showKey} on ${target.day}`,
      async () => (await daysOf(target.showKey)).get(target.day),
      (d) => d?.tweets === target.truth.tweets && d.organic_tweets !== undefined,
      90_000,
    );
    expect(target.truth.tweets).toBeGreaterThanOrEqual(20);
    expect(organicOf(day)).toEqual({
      owned: 0,
      flood: 0,
      burst: 0,
      organic_tweets: target.truth.tweets,
      organic_unique_authors: target.truth.unique_authors,
    });
  });

  it('counts the injection apart: 530 more tweets, 30 owned, 499 flood, 1 more organic', async () => {
    const before = (await daysOf(target.showKey)).get(target.day)!;
    const hour = (h: number) => `${target.day}T${String(h).padStart(2, '0')}:00:00Z`;
    // At 09:00–10:29 UTC: inside the generated hours, and inside the show's local day for any
    // zone of the sample sheet (UTC−7 to UTC+9).
    const { flood, official } = injection();
    expect([Date.parse(flood[0]!.created_at), Date.parse(official.at(-1)!.created_at)]).toEqual([
      Date.parse(hour(9)),
      Date.parse(hour(10)) + 29 * 60_000,
    ]);
    await inject(env.es, indices, [...flood, ...official]);
    await env.temporal.workflow
      .getHandle(workflowIds.show(target.showKey))
      .signal(SHOW_WORKFLOW.daysIngested, [target.day]);
    const after = await waitFor(
      `${target.showKey} computed with the injection`,
      async () => (await daysOf(target.showKey)).get(target.day),
      (d) => d?.tweets === before.tweets! + 530,
      90_000,
    );
    expect(organicOf(after)).toEqual({
      owned: 30,
      flood: 499,
      burst: 0,
      organic_tweets: before.organic_tweets! + 1,
      organic_unique_authors: before.organic_unique_authors! + 1,
    });
    // The show's local day reaches into a UTC day that was not generated: no estimate, so none of
    // its organic tweets stand for a sample either (a sampled day's: test/unit/organic.test.ts).
    expect([after!.no_estimate, after!.sampled_organic_tweets]).toEqual([
      'only part of it was ingested from twitter',
      null,
    ]);
    // The bound: organic tweets rise by less than 5% of the injected volume.
    expect(after!.organic_tweets! - before.organic_tweets!).toBeLessThan(25);
  });

  it("explains the day: the flood's 500 posts and 50 accounts, and the official account's posts", async () => {
    const { flood, official } = injection();
    const show = await env.repos.shows.find(target.showKey);
    const result = await explainDay(env.repos, show.config, target.day);
    expect(result.floods).toEqual([
      {
        posts: INJECTED.flood,
        // Ten posts each: by name.
        accounts: Array.from({ length: INJECTED.accounts }, (_, i) => `giveaway_${i}`).sort(),
        example: flood[0]!.text,
        first_id: flood[0]!.id,
      },
    ]);
    expect(result.owned).toBe(INJECTED.official);
    expect(result.owned_posts).toEqual(
      official.slice(0, 10).map(({ id, text, user_screen_name, created_at }) => ({
        id,
        text,
        user_screen_name,
        created_at,
      })),
    );
  });

  it("reads the text of the day's possible near-duplicates only, and counts the same from documents stored before their fingerprints", async () => {
    const show = await env.repos.shows.find(target.showKey);
    const stored = (await daysOf(target.showKey)).get(target.day)!;
    const textsOfDay = async () => {
      const posts = await env.repos.tweets.matchingPosts(show.config, target.day, target.day);
      return { posts, read: textsToRead(posts, show.config.official_accounts ?? [], show.config.timezone) };
    };
    const { flood, official } = injection();
    const fingerprinted = await textsOfDay();
    const injectedIds = [...flood, ...official].map((p) => p.id);
    // The 500 copies, the 30 promos, and 4 generated posts whose texts agree with another's on a
    // band (the exact similarity then tells them apart): 534 of the day's posts.
    expect(fingerprinted.read.filter((id) => !injectedIds.includes(id))).toHaveLength(4);
    expect(fingerprinted.read.filter((id) => injectedIds.includes(id)).sort()).toEqual(injectedIds.sort());
    expect(fingerprinted.posts.length).toBe(stored.tweets);
    await inject(env.es, indices, [...flood, ...official], true);
    const before = await textsOfDay();
    // Every original of the day, now that some of its documents have no fingerprint.
    expect(before.read.length).toBe(before.posts.filter((post) => !post.is_retweet).length);
    const [recomputed] = await measureShow(env.repos, show.config, target.day, target.day, new Date().toISOString());
    expect(organicOf(recomputed)).toEqual(organicOf(stored));
  });

  it('raises no spike on organic counts where raw counts would', async () => {
    const days = recentDays(9);
    const showName = 'Brindlemoor Tide';
    // Steady: the 7 days before day 7 have a median of 10 and a MAD of 1, so the rule's threshold
    // is 10 + 5 × √10 = 25.8 (domain/spike-rule.ts); day 7's own 11 stay well under it.
    const steady = [10, 12, 11, 9, 10, 11, 10, 11, 10];
    await seedDailySeries(env.es, indices, [{ phrase: showName, counts: countsOn(days, steady) }], days);
    const spikeDay = days[7]!;
    const flood = floodPosts({ day: spikeDay, posts: INJECTED.flood, accounts: INJECTED.accounts, term: showName });
    const official = officialPosts({ day: spikeDay, posts: INJECTED.official, screenName: OFFICIAL, term: showName });
    await inject(env.es, indices, [...flood, ...official]);
    const [show] = await startShows(env, [
      {
        show_name: showName,
        season: '1',
        launch_date: spikeDay,
        mandatory_search_terms: showName,
        official_accounts: OFFICIAL,
      },
    ]);
    await raisedAlerts(env, show!.show_key, 1);
    const spiking = (await daysOf(show!.show_key)).get(spikeDay)!;
    expect(spiking.tweets).toBe(11 + 530);
    // Each seeded tweet has an author of its own; the flood adds its first post and account.
    expect(organicOf(spiking)).toEqual({
      owned: 30,
      flood: 499,
      burst: 0,
      organic_tweets: 12,
      organic_unique_authors: 12,
    });
    // The worker's default, BUZZ_ALERT_COUNTS=organic: 12 organic tweets are no spike.
    expect(await env.repos.alerts.list({ showKey: show!.show_key })).toEqual([]);
    // The same days counted raw (BUZZ_ALERT_COUNTS=raw): 541 is. No webhook here: recorded, not sent.
    const raw = { repos: env.repos, alerts: { ...env.config.alerts, counts: 'raw' as const } };
    await raiseSpikeAlerts(raw, show!, new Date());
    const [alert] = await env.repos.alerts.list({ showKey: show!.show_key });
    expect(alert).toMatchObject({
      period: spikeDay,
      tweets: 541,
      counts: 'raw',
      organic_tweets: 12,
      owned: 30,
      flood: 499,
      burst: 0,
      baseline_median: 10,
    });
  });
});
