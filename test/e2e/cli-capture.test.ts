import path from 'node:path';
import { writeJetstreamSampleData } from '../../simulator/sample-data';
import type { JetstreamSample } from '../../simulator/jetstream';
import { hourStartMs } from '../../domain/days';
import { startJetstreamServer, type JetstreamServer } from '../../infra/local/jetstream-server';
import type { CaptureStatus } from '../../contracts/capture';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { sentimentValues } from '../../domain/buzz-format';
import { NO_SENTIMENT } from '../../domain/sentiment-metrics';
import { NO_ORGANIC_POSTS } from '../../domain/organic';
import { generatedOrganic } from '../support/organic-truth';
import { plantedSentiment } from '../support/sentiment-truth';
import { runCli, startCli } from '../support/cli';
import { liveManifest, waitFor } from '../support/live-capture';

const HOUR = '2026-11-20T23';

/**
 * `buzztracker capture` as a user runs it (real stack, a worker process, the local Jetstream
 * server): a host that refuses connections shows as the status's last error and the capture
 * still stops; a capture from a cursor stores and seals the hour, and `buzz --hourly` gives the
 * ground truth.
 */
describe('buzztracker capture start | status | stop (CLI on the real stack; local Jetstream server)', () => {
  let env: BuzzTestEnv;
  let server: JetstreamServer;
  let sample: JetstreamSample;
  let sheet: string;
  let stopWorker: (() => Promise<unknown>) | undefined;
  const status = async () =>
    JSON.parse((await runCli(['capture', 'status', '--json'], env.env)).stdout || '{}') as Partial<CaptureStatus>;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const out = path.join(env.workDir, 'jetstream');
    ({ sample } = await writeJetstreamSampleData({ out, fromHour: HOUR, hours: 1, postsPerMinute: 10, seed: 12 }));
    sheet = path.join(out, 'jetstream-shows.csv');
    server = await startJetstreamServer({ log: sample.frames });
    stopWorker = (await startCli(['worker'], env.env, /polling task queue/)).stop;
  });

  afterAll(async () => {
    await stopWorker?.();
    await server?.close();
    await env?.close();
  });

  it('says why it captures nothing when the host refuses connections, and still stops', async () => {
    const refused = 'ws://127.0.0.1:1/subscribe';
    const started = await runCli(['capture', 'start', '--url', refused, '--run-seconds', '2'], env.env);
    expect(started.stdout).toContain(`capturing ${refused}: http://localhost:8233/namespaces/`);
    const again = await runCli(['capture', 'start', '--url', refused], env.env);
    expect([again.code, again.stderr.trim()]).toEqual([
      2,
      'a capture is already running: `buzztracker capture status`, or `capture stop` first',
    ]);
    const failing = await waitFor('the last error', status, (s) => s.lastError !== undefined, 60_000);
    expect(failing.lastError!.message).toContain('ECONNREFUSED 127.0.0.1:1');
    expect((await runCli(['capture', 'status'], env.env)).stdout).toMatch(/^last error \(.+\): .*ECONNREFUSED/m);
    const stopped = await runCli(['capture', 'stop'], env.env);
    expect([stopped.code, stopped.stdout.split('\n')[0]]).toEqual([0, 'stopped before any event was stored']);
  }, 120_000);

  it("captures from a cursor, seals the hour when stopped, and `buzz --hourly` gives each show's ground truth", async () => {
    expect((await runCli(['shows', 'sync', '--sheet', `file:${sheet}`, '--wait'], env.env)).code).toBe(0);
    const cursor = String(hourStartMs(HOUR) * 1000);
    const args = ['--url', server.url, '--cursor', cursor, '--run-seconds', '2', '--seal-grace-seconds', '0'];
    expect((await runCli(['capture', 'start', ...args], env.env)).code).toBe(0);
    const lastUs = sample.frames.at(-1)!.time_us;
    await waitFor('the end of the log', status, (s) => s.cursor === lastUs, 60_000);
    const stopped = await runCli(['capture', 'stop'], env.env);
    expect(stopped.stdout).toContain(`stopped; resume with: buzztracker capture start --cursor ${lastUs}`);
    expect(stopped.stdout).toContain(`hours sealed: 1 (last ${HOUR}); open: none`);

    // The share's denominator: what the hour kept (its manifest; counted exactly by the integration tests).
    const { kept } = await liveManifest(env.config.store.uri, HOUR);
    expect(kept).toBeGreaterThan(0);
    let planted = 0;
    for (const [showKey, hours] of Object.entries(sample.truth.buzz_by_hour)) {
      const truth = hours[HOUR];
      const result = await runCli(
        [
          'buzz',
          '--show',
          showKey,
          '--hourly',
          '--hours',
          '1',
          '--until',
          HOUR,
          '--source',
          'bluesky',
          '--format',
          'json',
        ],
        env.env,
      );
      expect(result.code).toBe(0);
      const rows = JSON.parse(result.stdout) as Record<string, unknown>[];
      expect({ showKey, rows }).toEqual({
        showKey,
        rows: [
          {
            hour: new Date(hourStartMs(HOUR)).toISOString(),
            source: 'bluesky',
            // Sealed by the stop, before the stream had moved past it.
            coverage: 'partial',
            tweets: truth?.tweets ?? 0,
            original_tweets: truth?.original_tweets ?? 0,
            retweets: truth?.retweets ?? 0,
            unique_authors: truth?.unique_authors ?? 0,
            share_of_sample: (truth?.tweets ?? 0) / kept,
            // A census, but of part of the hour: no estimate of the hour's whole.
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
            no_authors_estimate: 'only part of it was ingested from bluesky',
            sample_verdict: null,
            no_estimate: 'only part of it was ingested from bluesky',
            // The mean score is the one stored: the truth knows each planted post's label, not its score.
            ...(truth ? plantedSentiment(truth, rows[0]?.mean_sentiment as number) : sentimentValues(NO_SENTIMENT, 0)),
            // The generator writes no official account, flood or burst: every matching post is organic.
            ...(truth ? generatedOrganic(truth) : NO_ORGANIC_POSTS),
          },
        ],
      });
      planted += truth?.tweets ?? 0;
    }
    expect(planted).toBeGreaterThan(0);
  }, 180_000);
});
