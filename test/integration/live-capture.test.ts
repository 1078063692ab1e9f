import path from 'node:path';
import { writeJetstreamSampleData } from '../../simulator/sample-data';
import { readDailyBuzz, readHourlyBuzz } from '../../services/read-buzz';
import type { DailyDoc } from '../../domain/buzz-docs';
import { indexNames } from '../../domain/index-names';
import { hourStartMs } from '../../domain/days';
import type { JetstreamSample } from '../../simulator/jetstream';
import type { ShowDayTruth } from '../../simulator/generator';
import { DEFAULT_CAPTURE_OPTIONS, type CaptureState } from '../../contracts/capture';
import { syncShows } from '../../workflows/sync-shows';
import { startJetstreamServer, type JetstreamServer } from '../../infra/local/jetstream-server';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import {
  captureToEnd,
  englishPostsKept,
  expectedHourCounts,
  hourCounts,
  liveManifest,
  postsIndexed,
  startCapture,
  waitFor,
} from '../support/live-capture';

const FROM_HOUR = '2026-11-20T22';
const HOURS = ['2026-11-20T22', '2026-11-20T23', '2026-11-21T00'];
type Metric = 'tweets' | 'original_tweets' | 'retweets' | 'unique_authors' | 'positive' | 'neutral' | 'negative';
/** Planted posts are English: each is scored, with the polarity planted in it (simulator/planted-sentiment.ts). */
const metrics = (row: { [metric in Metric]?: number | null }) => ({
  tweets: row.tweets,
  original_tweets: row.original_tweets,
  retweets: row.retweets,
  unique_authors: row.unique_authors,
  sentiment: { positive: row.positive, neutral: row.neutral, negative: row.negative },
});
const truthMetrics = ({ terms: _terms, ...counts }: ShowDayTruth) => counts;

/**
 * The live capture end to end on real services, against the local Jetstream server (a stand-in
 * speaking the public protocol; the public hosts are not reachable here). The server cuts every
 * connection after 400 frames, as the real one drops a slow subscriber: the capture resumes
 * with an overlap and must count every event exactly once.
 */
describe('live capture from Jetstream (real Temporal, Elasticsearch and store; local Jetstream server)', () => {
  let env: BuzzTestEnv;
  let server: JetstreamServer;
  let sample: JetstreamSample;
  let final: CaptureState;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const out = path.join(env.workDir, 'jetstream');
    ({ sample } = await writeJetstreamSampleData({
      out,
      fromHour: FROM_HOUR,
      hours: HOURS.length,
      postsPerMinute: 25,
      seed: 5,
      launch: '2026-11-21',
    }));
    server = await startJetstreamServer({ log: sample.frames, rate: 4_000, closeEvery: 400 });
    await env.startWorker({ maxActivities: 8 });
    const taskQueue = env.config.temporal.taskQueue;
    await env.temporal.workflow.execute(syncShows, {
      taskQueue,
      workflowId: 'sync',
      args: [{ sheetUri: `file:${path.join(out, 'jetstream-shows.csv')}` }],
    });
    const handle = await startCapture(env.temporal, taskQueue, server.url, FROM_HOUR);
    final = await captureToEnd(handle, sample.frames.at(-1)!.time_us, 2);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    await env?.close();
  });

  it('was cut by the server and resumed, and ends with every hour sealed and no gap', () => {
    const connections = server.stats.subscriptions;
    expect(server.stats.abruptCloses).toBeGreaterThanOrEqual(10);
    expect(connections.filter((c) => c.ended === 'close_every').every((c) => c.sent === 400)).toBe(true);
    // Each connection resumed at or before the last event the one before it sent: no event skipped.
    for (const [i, connection] of connections.entries())
      if (i > 0) expect(connection.cursor).toBeLessThanOrEqual(connections[i - 1]!.lastTimeUs!);
    expect(final).toMatchObject({ openHours: [], hoursSealed: 3, lastSealed: '2026-11-21T00', gaps: [] });
  });

  it('counts every frame of every hour exactly once, as the ground truth', async () => {
    const manifests = await Promise.all(HOURS.map((hour) => liveManifest(env.config.store.uri, hour)));
    expect(manifests.map(hourCounts)).toEqual(HOURS.map((hour) => expectedHourCounts(hour, sample.truth.hours[hour]!)));
    // The last hour was sealed when the capture stopped, before its end.
    expect(manifests.map((m) => m.complete)).toEqual([true, true, false]);
    expect(manifests.every((m) => m.kept === m.posts_kept + m.reposts_kept)).toBe(true);
    // The overlap of every resumed connection was received twice, and dropped once.
    expect(manifests.reduce((sum, m) => sum + m.duplicates, 0)).toBeGreaterThan(0);
  });

  it('indexes the English posts of each hour less those deleted, in any later hour', async () => {
    for (const hour of HOURS)
      expect({ hour, posts: await postsIndexed(env.es, env.config.elasticsearch.indexPrefix, hour) }).toEqual({
        hour,
        posts: englishPostsKept(sample.truth.hours[hour]!),
      });
  });

  it("gives each show's daily buzz as the ground truth, in total and from Bluesky, none from Twitter", async () => {
    const shows = await env.repos.shows.all();
    const planted = Object.values(sample.truth.buzz).flatMap((days) => Object.values(days));
    expect(planted.filter((truth) => truth.retweets > 0).length).toBeGreaterThanOrEqual(4);
    for (const [showKey, days] of Object.entries(sample.truth.buzz)) {
      const show = shows.find((s) => s.show_key === showKey)!;
      const expected = Object.fromEntries(Object.entries(days).map(([day, truth]) => [day, truthMetrics(truth)]));
      const pick = (rows: DailyDoc[]) =>
        Object.fromEntries(rows.filter((row) => row.date in expected).map((row) => [row.date, metrics(row)]));
      // The show workflows recompute when told, asynchronously: wait for the stored rows.
      await waitFor(
        `the buzz of ${showKey}`,
        async () => pick(await env.repos.dailyBuzz.ofShow(showKey)),
        (got) => JSON.stringify(got) === JSON.stringify(expected),
      );
      expect(pick(await readDailyBuzz(env.repos, show, 'bluesky'))).toEqual(expected);
      const twitter = await readDailyBuzz(env.repos, show, 'twitter');
      expect(twitter.filter((row) => row.date in expected).map((row) => row.tweets)).toEqual(
        Object.keys(expected).map(() => undefined),
      );
    }
  });

  it("gives each show's hourly buzz as the ground truth, each hour's coverage as sealed, and no Twitter data", async () => {
    const shows = await env.repos.shows.all();
    const endMs = hourStartMs(HOURS.at(-1)!) + 1_800_000;
    // The last hour was sealed when the capture stopped, before the stream had moved past it.
    const coverage = { '2026-11-20T22': 'complete', '2026-11-20T23': 'complete', '2026-11-21T00': 'partial' };
    for (const [showKey, hours] of Object.entries(sample.truth.buzz_by_hour)) {
      const show = shows.find((s) => s.show_key === showKey)!;
      const rows = await readHourlyBuzz(env.repos, show.config, HOURS.length, endMs);
      expect(rows.map((row) => [row.hour.slice(0, 13), row.source, row.coverage])).toEqual(
        HOURS.flatMap((hour) => [
          [hour, 'all', coverage[hour as keyof typeof coverage]],
          [hour, 'twitter', 'none'],
          [hour, 'bluesky', coverage[hour as keyof typeof coverage]],
        ]),
      );
      expect(rows.filter((row) => row.source === 'twitter').every((row) => row.tweets === null)).toBe(true);
      for (const source of ['all', 'bluesky'] as const) {
        const got = Object.fromEntries(
          rows
            .filter((row) => row.source === source && row.tweets! > 0)
            .map((row) => [row.hour.slice(0, 13), metrics(row)]),
        );
        const expected = Object.fromEntries(
          Object.entries(hours)
            .filter(([, truth]) => truth.tweets > 0)
            .map(([hour, truth]) => [hour, truthMetrics(truth)]),
        );
        expect({ showKey, source, got }).toEqual({ showKey, source, got: expected });
      }
      // A whole hour of the capture is a census: its estimates are its counts, authors included.
      for (const row of rows.filter((r) => r.coverage === 'complete' && r.tweets! > 0))
        expect({ hour: row.hour, source: row.source, est: [row.est_tweets, row.est_unique_authors] }).toEqual({
          hour: row.hour,
          source: row.source,
          est: [row.tweets, row.unique_authors],
        });
    }
  });
});

/**
 * A capture resumed from a cursor older than the server keeps (the public hosts keep about a
 * day): the server starts at its oldest event without a word, so the capture must notice the gap
 * and seal the hours it touches as incomplete, so that missing events never read as low buzz.
 */
describe('live capture from a cursor the server no longer has (local Jetstream server)', () => {
  let env: BuzzTestEnv;
  let server: JetstreamServer;
  let final: CaptureState;
  const startUs = hourStartMs(FROM_HOUR) * 1000;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const { sample } = await writeJetstreamSampleData({
      out: path.join(env.workDir, 'jetstream'),
      fromHour: FROM_HOUR,
      hours: HOURS.length,
      postsPerMinute: 5,
      seed: 6,
    });
    // The server's clock at the log's last event, keeping 90 minutes: it starts near 23:30.
    server = await startJetstreamServer({ log: sample.frames, retentionUs: 90 * 60e6 });
    await env.startWorker({ maxActivities: 4 });
    const handle = await startCapture(env.temporal, env.config.temporal.taskQueue, server.url, FROM_HOUR);
    final = await captureToEnd(handle, sample.frames.at(-1)!.time_us, 1);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    await env?.close();
  });

  it('records the gap from the asked cursor to the first event the server had', () => {
    const first = server.stats.subscriptions[0]!;
    // Every connection starts an overlap before the cursor: its events are dropped as duplicates.
    expect(first.cursor).toBe(startUs - DEFAULT_CAPTURE_OPTIONS.overlapSeconds * 1e6);
    expect(first.firstTimeUs).toBeGreaterThan(hourStartMs('2026-11-20T23') * 1000);
    expect(final.gaps).toEqual([{ fromUs: startUs, toUs: first.firstTimeUs }]);
  });

  it('seals the hours the gap touches as incomplete, and has nothing of the hour it swallowed', async () => {
    const indices = indexNames(env.config.elasticsearch.indexPrefix);
    await expect(liveManifest(env.config.store.uri, '2026-11-20T22')).rejects.toThrow();
    expect((await liveManifest(env.config.store.uri, '2026-11-20T23')).complete).toBe(false);
    const groups = await env.es.search<{ group: string; complete: boolean }>({
      index: indices.ingest,
      query: { term: { source: 'bluesky' } },
      sort: [{ day: 'asc' }, { group: 'asc' }],
    });
    expect(groups.hits.hits.map((hit) => [hit._id, hit._source!.complete])).toEqual([
      ['bluesky:2026-11-20T23', false],
      ['bluesky:2026-11-21T00', false],
    ]);
  });
});
