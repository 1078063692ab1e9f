import path from 'node:path';
import { writeJetstreamSampleData } from '../../simulator/sample-data';
import { hourStartMs } from '../../domain/days';
import type { JetstreamSample } from '../../simulator/jetstream';
import { startJetstreamServer, type JetstreamServer } from '../../infra/local/jetstream-server';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';
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

/**
 * R8 (docs/reliability.md): the worker process holding the Jetstream socket dies (kill -9) in the middle of a run, and
 * later the server redeploys (drops every connection, refuses new ones for a second). The run is
 * retried on the other worker from its last heartbeat; every event is counted exactly once.
 */
describe('R8: kill -9 the worker holding the live capture, then restart the Jetstream server', () => {
  let env: BuzzTestEnv;
  let server: JetstreamServer;
  let sample: JetstreamSample;
  const startUs = hourStartMs(FROM_HOUR) * 1000;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    ({ sample } = await writeJetstreamSampleData({
      out: path.join(env.workDir, 'jetstream'),
      fromHour: FROM_HOUR,
      hours: HOURS.length,
      postsPerMinute: 25,
      seed: 8,
    }));
    // About 5 s of sending in all: the faults land in the middle.
    server = await startJetstreamServer({ log: sample.frames, rate: 1_500, restartPauseMs: 1_000 });
  });

  afterAll(async () => {
    await server?.close();
    await env?.close();
  });

  it('resumes from the last heartbeat on the surviving worker; every hour equals the ground truth', async () => {
    const doomed = await startCli(['worker'], env.env, /polling task queue/);
    // One run longer than the whole log: the kill lands in it.
    const handle = await startCapture(env.temporal, env.config.temporal.taskQueue, server.url, FROM_HOUR, {
      runSeconds: 20,
    });
    await waitFor(
      'frames to flow',
      async () => server.stats.framesSent,
      (sent) => sent > 2_000,
      30_000,
    );
    const survivor = await startCli(['worker'], env.env, /polling task queue/);
    doomed.process.kill('SIGKILL');
    const sentAtKill = server.stats.framesSent;
    // The run resumes on the survivor once the heartbeat timeout passes (10 s), then the server redeploys.
    await waitFor(
      'the resumed run',
      async () => server.stats.framesSent,
      (sent) => sent > sentAtKill + 1_500,
      60_000,
    );
    await server.restart();
    try {
      const final = await captureToEnd(handle, sample.frames.at(-1)!.time_us, 2, 120_000);
      expect(final).toMatchObject({ openHours: [], hoursSealed: 3, gaps: [] });
    } finally {
      await survivor.stop();
    }

    expect(server.stats.restarts).toBe(1);
    const [killed, resumed] = server.stats.subscriptions;
    // The retried run resumed from its last heartbeat (an overlap before it), not from the start.
    expect(resumed!.cursor).toBeGreaterThan(startUs);
    expect(resumed!.cursor).toBeLessThanOrEqual(killed!.lastTimeUs!);
    expect(server.stats.subscriptions.map((s) => s.ended)).toContain('restart');
    const manifests = await Promise.all(HOURS.map((hour) => liveManifest(env.config.store.uri, hour)));
    expect(manifests.map(hourCounts)).toEqual(HOURS.map((hour) => expectedHourCounts(hour, sample.truth.hours[hour]!)));
    for (const hour of HOURS)
      expect({ hour, posts: await postsIndexed(env.es, env.config.elasticsearch.indexPrefix, hour) }).toEqual({
        hour,
        posts: englishPostsKept(sample.truth.hours[hour]!),
      });
  }, 300_000);
});
