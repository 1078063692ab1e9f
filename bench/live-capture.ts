import { execFileSync, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { buffer } from 'node:stream/consumers';
import type { CaptureResult, LiveHourSealed } from '../contracts/capture';
import { openStore } from '../adapters/store';
import { liveKeys } from '../domain/live-keys';
import type { LiveHourManifest } from '../domain/ingest-manifests';
import { CAPTURED_COLLECTIONS } from '../domain/bluesky';
import { hourStartMs } from '../domain/days';
import { generateJetstreamSample, type JetstreamHourTruth } from '../simulator/jetstream';
import type { JetstreamLogEntry } from '../simulator/jetstream-log';
import { startJetstreamServer, type JetstreamServer } from '../infra/local/jetstream-server';
import { captureJetstream } from '../workflows/capture-jetstream';
import {
  CAPTURE_WORKFLOW_ID,
  DEFAULT_CAPTURE_OPTIONS,
  captureStatusQuery,
  initialCaptureState,
  stopCaptureSignal,
} from '../contracts/capture';
import { WORKER_HEAP_MB, benchEnv, hasTaskset } from './env';

/** The public network: about 2 million posts a day (peaks about 36/s). */
const NETWORK_POSTS_PER_SECOND = 2e6 / 86_400;
/** Issue 15: the capture keeps up with ten times that. */
const TARGET_POSTS_PER_SECOND = 10 * NETWORK_POSTS_PER_SECOND;
const FROM_HOUR = '2026-11-20T00';
/** The worker (and the bare reader) get core 0; the bench process, which serves the log, core 1. */
const WORKER_CPU = '0';
/** The public Jetstream hosts send a client at most about this many events a second. */
const JETSTREAM_CLIENT_CAP = 5_000;
const SERVER_CPU = '1';

export interface LiveCaptureSize {
  /** Post creates per minute of the generated log (the network: about 1,400). */
  postsPerMinute: number;
  hours: number;
  /** How long each capture run holds the socket (production: 60 s). */
  runSeconds: number;
}

/** What one capture (a fresh worker, namespace and store) did with a log. */
interface CaptureMeasurement {
  hours: number;
  frames: number;
  duplicates: number;
  wall_seconds: number;
  /** Capture runs that ended before the end of the log: busy all along. */
  busy_runs: number;
  busy_frames: number;
  busy_seconds: number;
  /** Every capture run, the last ones (waiting at the end of the log) included. */
  capture_runs: number;
  capture_seconds: number;
  seal_seconds: number;
  worker_cpu_seconds: number;
  peak_rss_mb: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * P7: the live capture against the local Jetstream server, replaying a generated log from a
 * cursor (so the server sends as fast as the socket takes frames), the worker confined to one
 * core. Side by side in one run: a bare reader of the same frames from the same server (the
 * ceiling the capture path is compared to), the capture of the log's first hour and of all of
 * it (its throughput, and the worker's peak memory after 1 hour vs N hours).
 */
export async function benchLiveCapture(size: LiveCaptureSize, log: (line: string) => void) {
  const started = Date.now();
  const sample = generateJetstreamSample({
    fromHour: FROM_HOUR,
    hours: size.hours,
    postsPerMinute: size.postsPerMinute,
    seed: 2026,
  });
  const hours = Object.keys(sample.truth.hours).sort();
  const firstHourEndUs = hourStartMs(hours[0]!) * 1000 + 3_600e6;
  const firstHour = sample.frames.filter((entry) => entry.time_us < firstHourEndUs);
  log(
    `  log: ${sample.frames.length} frames over ${hours.length} h (${size.postsPerMinute} posts a minute), ` +
      `generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // Frames the capture subscribes to (posts and reposts; identity, account and bad frames come too).
  const wanted = (truth: JetstreamHourTruth) => truth.frames - truth.ignored.other_collection;
  const truths = hours.map((hour) => sample.truth.hours[hour]!);
  const expectedFrames = truths.reduce((sum, truth) => sum + wanted(truth), 0);
  const postsPerFrame = truths.reduce((sum, truth) => sum + truth.posts.created, 0) / expectedFrames;

  const pinned = hasTaskset() && os.availableParallelism() >= 2;
  const restoreAffinity = pinned ? pinProcess(process.pid, SERVER_CPU) : () => undefined;
  const servers: JetstreamServer[] = [];
  const serve = async (frames: readonly JetstreamLogEntry[], rate?: number) => {
    const server = await startJetstreamServer({ log: frames, rate });
    servers.push(server);
    return server;
  };
  try {
    const uncapped = await serve(sample.frames);
    log(`  bare reader: ${expectedFrames} frames, as fast as the socket takes them`);
    const bare = await bareReader(uncapped.url, sample.frames[0]!.time_us, expectedFrames, pinned);
    const bareRate = bare.frames / bare.seconds;
    log(`  bare reader: ${bareRate.toFixed(0)} frames/s, ${(bare.frames / bare.cpuSeconds).toFixed(0)} per CPU-second`);

    // The capture, as the real server serves it: at most JETSTREAM_CLIENT_CAP events a second.
    const first = await serve(firstHour, JETSTREAM_CLIENT_CAP);
    log(`  capture of 1 hour: ${wanted(truths[0]!)} frames at ≤ ${JETSTREAM_CLIENT_CAP}/s`);
    const one = await capture(first.url, firstHour, hours.slice(0, 1), wanted(truths[0]!), size, pinned);
    log(`  capture of 1 hour: ${one.wall_seconds.toFixed(0)} s, peak RSS ${one.peak_rss_mb.toFixed(0)} MB`);
    const whole = await serve(sample.frames, JETSTREAM_CLIENT_CAP);
    log(`  capture of ${hours.length} hours: ${expectedFrames} frames at ≤ ${JETSTREAM_CLIENT_CAP}/s`);
    const all = await capture(whole.url, sample.frames, hours, expectedFrames, size, pinned);
    log(
      `  capture of ${hours.length} hours: ${all.wall_seconds.toFixed(0)} s, peak RSS ${all.peak_rss_mb.toFixed(0)} MB`,
    );
    // And as fast as the socket takes frames (a server without the cap, the bare reader's pace).
    log(`  capture of ${hours.length} hours, uncapped`);
    const fast = await capture(uncapped.url, sample.frames, hours, expectedFrames, size, pinned).then(
      (measured) => ({ outcome: 'completed', ...measured }),
      (error: unknown) => ({
        outcome: String(error)
          .slice(0, 160)
          .split('\n')[0]!
          .replace(/: \{.*/, ''),
      }),
    );
    log(`  capture uncapped: ${fast.outcome}`);

    const captureRate = all.busy_frames / all.busy_seconds;
    const sealRate = all.frames / all.seal_seconds;
    // The workflow seals between capture runs, on the same worker: per frame, the times add up.
    const withSealingRate = 1 / (1 / captureRate + 1 / sealRate);
    // What one worker core can take, capture and sealing together: frames per worker CPU-second.
    const perCpuSecond = all.frames / all.worker_cpu_seconds;
    const targetFrames = TARGET_POSTS_PER_SECOND / postsPerFrame;
    const ratio = (value: number) => Math.round(value * 100) / 100;
    return {
      log: {
        posts_per_minute: size.postsPerMinute,
        hours: hours.length,
        frames_in_log: sample.frames.length,
        frames_subscribed: expectedFrames,
        mb_subscribed: round1(bare.bytes / 1e6),
        posts_per_frame: Math.round(postsPerFrame * 1000) / 1000,
      },
      worker_pinned_to_one_core: pinned,
      worker_heap_mb: WORKER_HEAP_MB,
      run_seconds: size.runSeconds,
      flush_seconds: DEFAULT_CAPTURE_OPTIONS.flushSeconds,
      server_cap_events_per_s: JETSTREAM_CLIENT_CAP,
      target_posts_per_s: round1(TARGET_POSTS_PER_SECOND),
      target_frames_per_s: round1(targetFrames),
      bare_reader_frames_per_s: Math.round(bareRate),
      bare_reader_frames_per_cpu_second: Math.round(bare.frames / bare.cpuSeconds),
      capture_frames_per_s: Math.round(captureRate),
      seal_frames_per_s: Math.round(sealRate),
      capture_with_sealing_frames_per_s: Math.round(withSealingRate),
      worker_frames_per_cpu_second: Math.round(perCpuSecond),
      /** Goal ≥ 1: frames/s captured (server capped as the real one) over 10× the network's, at the log's mix. */
      ratio_capture_vs_target: ratio(captureRate / targetFrames),
      ratio_with_sealing_vs_target: ratio(withSealingRate / targetFrames),
      /** One worker core's capacity (capture and sealing, per CPU-second) over the target. */
      ratio_core_capacity_vs_target: ratio(perCpuSecond / targetFrames),
      /** Frames per CPU-second: the worker (capture and sealing) over the bare reader. */
      ratio_worker_vs_bare_reader_per_cpu_second: ratio(perCpuSecond / (bare.frames / bare.cpuSeconds)),
      one_hour: one,
      all_hours: all,
      all_hours_uncapped: fast,
      one_hour_peak_rss_mb: Math.round(one.peak_rss_mb),
      all_hours_peak_rss_mb: Math.round(all.peak_rss_mb),
      /** Goal: flat (about 1) and under 500 MB. */
      ratio_peak_rss: ratio(all.peak_rss_mb / one.peak_rss_mb),
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    restoreAffinity();
  }
}

/** Confines every thread of a process to `cpus`; returns how to undo it. */
function pinProcess(pid: number, cpus: string): () => void {
  const mask = /affinity mask:\s*([0-9a-f,]+)/i.exec(
    execFileSync('taskset', ['-p', String(pid)], { encoding: 'utf8' }),
  );
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  return () => {
    if (mask) execFileSync('taskset', ['-a', '-p', mask[1]!, String(pid)], { stdio: 'ignore' });
  };
}

/** Runs bench/jetstream-reader.js in its own process (on the worker's core). */
function bareReader(
  url: string,
  cursor: number,
  frames: number,
  pinned: boolean,
): Promise<{ frames: number; bytes: number; seconds: number; cpuSeconds: number }> {
  const script = [path.join(__dirname, 'jetstream-reader.js'), url, String(cursor), String(frames)];
  const child = pinned
    ? spawn('taskset', ['-c', WORKER_CPU, process.execPath, ...script], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, script, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output) as { frames: number; bytes: number; seconds: number; cpuSeconds: number })
        : reject(new Error(`the bare reader exited with ${code}`)),
    );
  });
}

/**
 * The capture workflow on a fresh worker from the log's first hour until it has stored the last
 * frame and sealed every hour before it; then stopped (sealing the last). Every frame must be
 * counted, as the ground truth says.
 */
async function capture(
  url: string,
  frames: readonly JetstreamLogEntry[],
  hours: string[],
  expectedFrames: number,
  size: LiveCaptureSize,
  pinned: boolean,
): Promise<CaptureMeasurement> {
  const env = await benchEnv('p7');
  try {
    const worker = await env.startWorker(2, pinned ? { cpus: WORKER_CPU } : {});
    const cpuBefore = worker.cpuSeconds();
    const began = process.hrtime.bigint();
    const handle = await env.temporal.workflow.start(captureJetstream, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: CAPTURE_WORKFLOW_ID,
      args: [
        initialCaptureState({
          url,
          languages: ['en'],
          options: { runSeconds: size.runSeconds },
          cursor: hourStartMs(hours[0]!) * 1000,
        }),
      ],
    });
    const lastUs = lastSubscribedUs(frames);
    let lastAnswer = Date.now();
    try {
      for (const deadline = Date.now() + 3_600_000; ;) {
        // A worker whose one core is busy capturing may miss a query: ask again.
        const status = await handle.query(captureStatusQuery).catch((error: unknown) => {
          if (Date.now() > lastAnswer + 120_000) throw error;
          return undefined;
        });
        if (worker.ended()) {
          const oom = worker.output().includes('heap out of memory') ? ', JavaScript heap out of memory' : '';
          const after = Number(process.hrtime.bigint() - began) / 1e9;
          throw new Error(
            `the worker ended (${worker.ended()}${oom}) ${after.toFixed(0)} s into the capture\n${worker.output().slice(-4_000)}`,
          );
        }
        if (!status) continue;
        lastAnswer = Date.now();
        if (status.cursor === lastUs && status.hoursSealed === hours.length - 1) break;
        if (status.lastError || (status.failedHours ?? []).length > 0)
          throw new Error(`the capture failed: ${JSON.stringify(status.lastError ?? status.failedHours)}`);
        if (Date.now() > deadline) throw new Error(`the capture did not reach the end: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      await handle.signal(stopCaptureSignal);
      // Stopping seals the last hour: a worker that dies doing it would leave result() waiting.
      await Promise.race([
        handle.result(),
        new Promise((_, reject) =>
          worker.process.once('exit', (code, signal) =>
            reject(
              new Error(
                `the worker ended (${signal ?? `exit code ${code}`}) sealing the last hour\n${worker.output().slice(-4_000)}`,
              ),
            ),
          ),
        ),
      ]);
    } catch (error) {
      // A failed capture (the worker dead, say) must not run on in the namespace left behind.
      await handle.terminate('the benchmark failed').catch(() => undefined);
      throw error;
    }
    const wall = Number(process.hrtime.bigint() - began) / 1e9;
    const { runs, sealedHours } = await activityResults(env.temporal, handle.workflowId, handle.firstExecutionRunId);
    const seals = await storedManifests(env.config.store.uri, sealedHours);
    const sealed = seals.reduce((sum, manifest) => sum + manifest.frames, 0);
    if (sealed !== expectedFrames || seals.length !== hours.length)
      throw new Error(
        `sealed ${seals.length} hours of ${sealed} frames; expected ${hours.length} of ${expectedFrames}`,
      );
    const busy = runs.filter((run) => (run.cursor ?? 0) < lastUs);
    return {
      hours: hours.length,
      frames: sealed,
      duplicates: seals.reduce((sum, manifest) => sum + manifest.duplicates, 0),
      wall_seconds: round1(wall),
      busy_runs: busy.length,
      busy_frames: busy.reduce((sum, run) => sum + run.frames, 0),
      busy_seconds: round1(busy.reduce((sum, run) => sum + run.seconds, 0)),
      capture_runs: runs.length,
      capture_seconds: round1(runs.reduce((sum, run) => sum + run.seconds, 0)),
      seal_seconds: round1(seals.reduce((sum, manifest) => sum + manifest.seconds, 0)),
      worker_cpu_seconds: round1(worker.cpuSeconds() - cpuBefore),
      peak_rss_mb: worker.peakRssMb(),
    };
  } finally {
    await env.close();
  }
}

/** The time of the last frame a subscriber to posts and reposts receives (a log may end on a like). */
function lastSubscribedUs(frames: readonly JetstreamLogEntry[]): number {
  for (let i = frames.length - 1; i >= 0; i--) {
    try {
      const event = JSON.parse(frames[i]!.frame) as { kind?: unknown; commit?: { collection?: unknown } };
      const collection = event?.kind === 'commit' ? event.commit?.collection : undefined;
      if (typeof collection === 'string' && !(CAPTURED_COLLECTIONS as readonly string[]).includes(collection)) continue;
    } catch {
      // A frame the server cannot read passes every filter.
    }
    return frames[i]!.time_us;
  }
  throw new Error('no frame of the log reaches a subscriber');
}

/** The results of the capture runs and hour seals of a workflow, across its continue-as-new runs. */
async function activityResults(temporal: Client, workflowId: string, runId: string) {
  const runs: CaptureResult[] = [];
  const sealedHours: LiveHourSealed[] = [];
  for (let next: string | null | undefined = runId; next;) {
    const history = await temporal.workflow.getHandle(workflowId, next).fetchHistory();
    next = undefined;
    const types = new Map<string, string>();
    for (const event of history.events ?? []) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) types.set(String(event.eventId), scheduled.activityType?.name ?? '');
      const completed = event.activityTaskCompletedEventAttributes;
      if (completed?.result?.payloads?.[0]) {
        const value = defaultPayloadConverter.fromPayload(completed.result.payloads[0]);
        const type = types.get(String(completed.scheduledEventId));
        if (type === 'captureJetstream') runs.push(value as CaptureResult);
        if (type === 'sealLiveHour') sealedHours.push(value as LiveHourSealed);
      }
      next ??= event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
  }
  return { runs, sealedHours };
}

/** The manifests the sealed hours stored: the hours' whole counts, which the seal's result leaves out. */
async function storedManifests(storeUri: string, hours: LiveHourSealed[]): Promise<LiveHourManifest[]> {
  const store = openStore(storeUri, () => {
    throw new Error('the bench stores in a folder, not S3');
  });
  return Promise.all(
    hours.map(
      async ({ day, hour }) =>
        JSON.parse((await buffer(await store.get(liveKeys.manifest(day, hour)))).toString('utf8')) as LiveHourManifest,
    ),
  );
}
