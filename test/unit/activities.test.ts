import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { captureJetstreamActivity } from '../../activities/capture-jetstream';
import type { ActivityDeps } from '../../activities/deps';
import { planDayActivity } from '../../activities/plan-day';
import { preprocessGroupActivity } from '../../activities/preprocess-group';
import { openArchiveSource } from '../../adapters/archives/archive-source';
import { createMemberPool, type MemberPool } from '../../adapters/archives/member-pool';
import { FileStore } from '../../adapters/file-store';
import { dayStore } from '../../adapters/repositories/day-store';
import { liveStore } from '../../adapters/repositories/live-store';
import type { CaptureResult } from '../../contracts/capture';
import type { DayPlan } from '../../contracts/ingest';
import type { CaptureProgress } from '../../domain/capture-run';
import { isBuzzError } from '../../domain/errors';
import type { GroupManifest } from '../../domain/ingest-manifests';
import { NO_METRICS } from '../../domain/metrics';
import { startJetstreamServer } from '../../infra/local/jetstream-server';
import { generateJetstreamSample } from '../../simulator/jetstream';
import { redateShows } from '../../simulator/redate-shows';
import { writeSampleData } from '../../simulator/sample-data';

/*
 * Activities run outside a worker (Temporal's MockActivityEnvironment), on a store in a temporary
 * folder and a local Jetstream server: what they decide — heartbeats, what they write, which
 * failures are final — without Temporal or Elasticsearch. The integration tests run them for real.
 */

const DAY = '2019-07-02';
const HOUR = '05';

let dir: string;
let pool: MemberPool;
let deps: ActivityDeps;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-activities-'));
  pool = createMemberPool(2);
  const store = new FileStore('file:store', path.join(dir, 'store'));
  // Only what these activities use; any other dependency would fail the test by its absence.
  deps = {
    dayStore: dayStore(store),
    liveStore: liveStore(store),
    openSource: (uri: string) =>
      openArchiveSource(uri, () => {
        throw new Error('no S3 here');
      }),
    decoder: 'wasm',
    memberPool: pool,
    workerIdentity: 'unit-test',
    metrics: NO_METRICS,
  } as unknown as ActivityDeps;
  await writeSampleData({
    out: path.join(dir, 'archives'),
    from: DAY,
    days: 1,
    linesPerMinute: 5,
    seed: 3,
    format: 'tar',
    hours: [Number(HOUR)],
  });
});

afterAll(async () => {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('planDay and preprocessGroup', () => {
  const source = () => `dir:${path.join(dir, 'archives')}`;
  let plan: DayPlan;

  beforeAll(async () => {
    plan = await new MockActivityEnvironment().run(planDayActivity(deps), { day: DAY, source: source() });
  });

  it('plans one group per hour in the archive and names the hours it lacks', () => {
    expect(plan.groups).toEqual([{ group: HOUR, members: 60, bytes: expect.any(Number) }]);
    expect(plan.hoursMissing).toHaveLength(23);
    expect(plan.hoursMissing).not.toContain(HOUR);
  });

  it('heartbeats before each member, in order, and writes what its manifest counts', async () => {
    const env = new MockActivityEnvironment();
    const beats: { member: number; members: number }[] = [];
    env.on('heartbeat', (details: { member: number; members: number }) => beats.push(details));
    const manifest: GroupManifest = await env.run(preprocessGroupActivity(deps), {
      day: DAY,
      group: HOUR,
      source: source(),
      languages: ['en'],
    });

    expect(beats.map((beat) => beat.member)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(beats.every((beat) => beat.members === 60)).toBe(true);
    const truth = JSON.parse(fs.readFileSync(path.join(dir, 'archives', 'ground-truth.json'), 'utf8')) as {
      days: Record<string, { lines: number; statuses: number; notices: number; malformed: number }>;
      archives: Record<string, { bytes_json: number; bytes_compressed: number }>;
    };
    const { counts } = manifest;
    expect(counts).toMatchObject({
      members: 60,
      members_failed: 0,
      lines: truth.days[DAY]!.lines,
      statuses: truth.days[DAY]!.statuses,
      notices: truth.days[DAY]!.notices,
      malformed: truth.days[DAY]!.malformed,
      // The archive holds this one hour: its members are all the group read.
      bytes_in: truth.archives[DAY]!.bytes_compressed,
      bytes_json: truth.archives[DAY]!.bytes_json,
    });
    expect(counts.kept).toBeGreaterThan(0);
    expect(counts.kept + counts.filtered_out + counts.notices + counts.malformed).toBe(counts.lines);
    expect(manifest.failed_members).toEqual([]);

    const stored = deps.dayStore;
    expect(await stored.groupManifest(DAY, HOUR)).toEqual(manifest);
    const lines: string[] = [];
    for await (const line of stored.groupTweetLines(DAY, HOUR)) lines.push(line);
    expect(lines).toHaveLength(counts.kept);
    expect(await stored.deletedIds(DAY, HOUR)).toHaveLength(manifest.delete_notices);
  });

  it('refuses, for good, a day whose archive changed since it was planned', async () => {
    const archive = path.join(
      dir,
      'archives',
      fs.readdirSync(path.join(dir, 'archives')).find((f) => f.endsWith('.tar'))!,
    );
    fs.appendFileSync(archive, Buffer.alloc(512));
    const failure = await new MockActivityEnvironment()
      .run(preprocessGroupActivity(deps), { day: DAY, group: HOUR, source: source(), languages: ['en'] })
      .catch((error: unknown) => error);
    expect(isBuzzError(failure) && { code: failure.code, retryable: failure.retryable }).toEqual({
      code: 'archive_changed',
      retryable: false,
    });
  });
});

describe('captureJetstream', () => {
  const sample = generateJetstreamSample({
    fromHour: '2026-03-10T12',
    hours: 1,
    postsPerMinute: 20,
    seed: 4,
    shows: redateShows('2026-03-10'),
  });
  const first = sample.frames[0]!.time_us;
  const last = sample.frames[sample.frames.length - 1]!.time_us;
  const input = (url: string, cursor?: number) => ({
    url,
    cursor,
    maxSeconds: 2,
    flushSeconds: 1,
    overlapUs: 5_000_000,
    gapToleranceUs: 60_000_000,
  });

  it('stores every frame it receives in its hour, and heartbeats the cursor of what it stored', async () => {
    const server = await startJetstreamServer({ log: sample.frames });
    try {
      const env = new MockActivityEnvironment();
      const beats: CaptureProgress[] = [];
      env.on('heartbeat', (progress: CaptureProgress) => beats.push(structuredClone(progress)));
      const result: CaptureResult = await env.run(captureJetstreamActivity(deps), input(server.url, first));

      const stored: string[] = [];
      for await (const frame of deps.liveStore.hourFrames('2026-03-10', '12')) stored.push(frame);
      expect(result.hours).toEqual(['2026-03-10T12']);
      expect(stored).toHaveLength(result.frames);
      expect(result.frames).toBe(server.stats.framesSent);
      const lastSent = server.stats.subscriptions.at(-1)!.lastTimeUs;
      expect(result.cursor).toBe(lastSent);
      expect(result.gaps).toEqual([]);
      expect(beats.at(-1)).toEqual({ cursor: lastSent, hours: ['2026-03-10T12'], frames: result.frames });
      // The cursor a heartbeat gives never runs ahead of what is stored.
      expect(beats.every((beat, i) => i === 0 || (beat.cursor ?? 0) >= (beats[i - 1]!.cursor ?? 0))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('resumes a retried run from its last heartbeat, not from the cursor it was first given', async () => {
    const server = await startJetstreamServer({ log: sample.frames });
    try {
      const resumed: CaptureProgress = { cursor: last, hours: ['2026-03-10T12'], frames: 7 };
      const env = new MockActivityEnvironment({ heartbeatDetails: resumed });
      const result: CaptureResult = await env.run(captureJetstreamActivity(deps), input(server.url, first));
      expect(server.stats.subscriptions[0]!.cursor).toBe(last - 5_000_000);
      expect(result.frames).toBe(7 + server.stats.framesSent);
    } finally {
      await server.close();
    }
  });

  it('gives up on a host that refuses three connections in a row, with an error a later run may retry', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const failure = await new MockActivityEnvironment()
      .run(captureJetstreamActivity(deps), { ...input(`ws://127.0.0.1:${port}/subscribe`), maxSeconds: 30 })
      .catch((error: unknown) => error);
    expect(isBuzzError(failure) && { code: failure.code, retryable: failure.retryable }).toEqual({
      code: 'jetstream_unreachable',
      retryable: true,
    });
  });
});
