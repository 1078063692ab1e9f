import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { DailyDoc } from '../../domain/buzz-docs';
import { indexNames } from '../../domain/index-names';
import type { TweetDoc } from '../../domain/tweet';
import { workflowIds } from '../../contracts/workflow-ids';
import { measureShow } from '../../services/measure-show';
import type { ShowDayTruth } from '../../simulator/generator';
import { writeSampleData } from '../../simulator/sample-data';
import { ingestDay } from '../../workflows/ingest-day';
import { reindexDays } from '../../workflows/reindex';
import { syncShows } from '../../workflows/sync-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

const DAY = '2019-07-03';
type Truth = Record<string, Record<string, ShowDayTruth>>;

/** What a show's stored days say of sentiment, beside the truth's shape: the planted polarities per day. */
const stored = (days: DailyDoc[], truthDays: Record<string, ShowDayTruth>) =>
  Object.fromEntries(
    days
      .filter((day) => day.date in truthDays)
      .map((day) => [
        day.date,
        { scored: day.scored, positive: day.positive, neutral: day.neutral, negative: day.negative },
      ]),
  );
const planted = (truthDays: Record<string, ShowDayTruth>) =>
  Object.fromEntries(
    Object.entries(truthDays).map(([date, truth]) => [date, { scored: truth.tweets, ...truth.sentiment }]),
  );

/**
 * Sentiment end to end on real services: the generator plants posts of known polarity (neutral
 * filler, a show's phrase and a phrase of that polarity), ingestion scores every kept English
 * status, and each show's days count the labels exactly. Then the day as stored before sentiment
 * existed (no score in the store's copy or the index) is reindexed: scored on the way, the same
 * counts again.
 */
describe('sentiment per show and day (real Temporal, Elasticsearch and store)', () => {
  let env: BuzzTestEnv;
  let truth: Truth;
  let storeDir: string;
  let tweets: string;

  const waitForShows = async (what: string) => {
    for (const [showKey, days] of Object.entries(truth)) {
      const expected = planted(days);
      for (const deadline = Date.now() + 90_000; ;) {
        const got = stored(await env.repos.dailyBuzz.ofShow(showKey), days);
        if (JSON.stringify(got) === JSON.stringify(expected)) break;
        if (Date.now() > deadline) expect({ what, showKey, got }).toEqual({ what, showKey, got: expected });
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  };

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    storeDir = path.join(env.workDir, 'store');
    tweets = indexNames(env.config.elasticsearch.indexPrefix).tweetsAlias;
    const archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 8,
      seed: 23,
      format: 'tar',
      hours: [6, 7, 8, 9],
    });
    truth = Object.fromEntries(Object.entries(written.buzz).filter(([, days]) => Object.keys(days).length > 0));
    await env.startWorker({ maxActivities: 8 });
    await env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(DAY),
      // Every language, so that the index holds posts the scorer does not cover.
      args: [{ day: DAY, source: `dir:${archives}`, languages: '*' }],
    });
    await env.temporal.workflow.execute(syncShows, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: 'sync',
      args: [{ sheetUri: `file:${path.join(archives, 'shows.csv')}` }],
    });
  });

  afterAll(() => env?.close());

  it('counts the planted polarities of every show and day exactly, every planted post scored', async () => {
    const polarities = Object.values(truth).flatMap((days) => Object.values(days).map((day) => day.sentiment));
    for (const label of ['positive', 'neutral', 'negative'] as const)
      expect(polarities.reduce((sum, counts) => sum + counts[label], 0)).toBeGreaterThanOrEqual(5);
    await waitForShows('after ingestion');
  });

  it('scores English statuses only: the others are indexed without a score', async () => {
    const count = async (query: object) => (await env.es.count({ index: tweets, query })).count;
    const scored = { exists: { field: 'sentiment' } };
    const english = { term: { lang: 'en' } };
    expect(await count({ bool: { must_not: [english] } })).toBeGreaterThan(100);
    expect(await count({ bool: { must_not: [english], filter: [scored] } })).toBe(0);
    expect(await count({ bool: { filter: [english], must_not: [scored] } })).toBe(0);
  });

  it('scores, on reindex, a day stored before sentiment existed, and the shows count it again', async () => {
    // The day as an older version stored and indexed it: no `sentiment` (nor near-duplicate
    // fingerprint) anywhere.
    const groups = fs
      .readdirSync(path.join(storeDir, 'preprocessed', `day=${DAY}`))
      .map((group) => path.join(storeDir, 'preprocessed', `day=${DAY}`, group, 'tweets.ndjson.gz'));
    const older: TweetDoc[] = [];
    for (const file of groups) {
      const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
      const docs = lines.map((line) => {
        const { sentiment: _sentiment, near_duplicate_bands: _bands, ...doc } = JSON.parse(line) as TweetDoc;
        return doc as TweetDoc;
      });
      fs.writeFileSync(file, zlib.gzipSync(docs.map((doc) => `${JSON.stringify(doc)}\n`).join('')));
      older.push(...docs);
    }
    // (Deleted tweets come back here; the reindex deletes them again, as it does every time.)
    await env.repos.tweets.index('as an older version indexed them', older);
    expect((await env.es.count({ index: tweets, query: { exists: { field: 'sentiment' } } })).count).toBe(0);

    // Measured now, the shows' days have matching tweets and none scored.
    const shows = (await env.repos.shows.all()).filter((show) => show.show_key in truth);
    for (const show of shows) {
      const [day] = await measureShow(env.repos, show.config, DAY, DAY, new Date().toISOString());
      expect([show.show_key, day!.tweets! > 0, day!.scored]).toEqual([show.show_key, true, 0]);
    }
    const computedBefore = new Map(shows.map((show) => [show.show_key, show.last_computed_at]));

    await env.temporal.workflow.execute(reindexDays, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.reindex(DAY, DAY),
      args: [{ days: [DAY] }],
    });
    for (const deadline = Date.now() + 60_000; ;) {
      const again = await env.repos.shows.all();
      if (
        again.every(
          (show) => !computedBefore.has(show.show_key) || show.last_computed_at !== computedBefore.get(show.show_key),
        )
      )
        break;
      if (Date.now() > deadline) throw new Error('the shows never recomputed the reindexed day');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await waitForShows('after reindex');
    // The fingerprints too came on the way: every document has one (empty for retweets and short texts).
    const [all, fingerprinted] = await Promise.all([
      env.es.count({ index: tweets }),
      env.es.count({ index: tweets, query: { exists: { field: 'near_duplicate_bands' } } }),
    ]);
    expect(fingerprinted.count).toBe(all.count);
  });
});
