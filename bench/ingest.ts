import fs from 'node:fs';
import path from 'node:path';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DayManifest } from '../domain/ingest-manifests';
import { workflowIds } from '../contracts/workflow-ids';
import { ingestDay } from '../workflows/ingest-day';
import { concatenatedMembers, type Dataset } from './data';
import { defaultBz2Decoder, type Bz2Decoder } from '../adapters/archives/decompress';
import { systemDecodeSeconds } from './decoders';
import { PROJECT_ROOT } from '../config/config';
import { benchEnv, servicesCpuSeconds, timed, type BenchEnv, type WorkerProcess } from './env';
import { topOfProfiles } from './profile';

/** Ingests one day in the bench env (re-running it when it was ingested before); wall seconds and manifest. */
export async function ingestOnce(
  env: BenchEnv,
  data: Dataset,
  day: string,
): Promise<{ seconds: number; manifest: DayManifest }> {
  const { seconds, value } = await timed(() =>
    env.unlessWorkerDies(
      env.temporal.workflow.execute(ingestDay, {
        taskQueue: env.config.temporal.taskQueue,
        workflowId: workflowIds.ingestDay(day),
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        args: [{ day, source: `dir:${data.dir}`, languages: ['en'] }],
      }),
    ),
  );
  return { seconds, manifest: value };
}

/** ingestOnce with the CPU seconds the given workers, Elasticsearch and Temporal spent on it. */
export async function measuredIngest(env: BenchEnv, data: Dataset, workers: WorkerProcess[]) {
  const before = { workers: workers.map((w) => w.cpuSeconds()), ...servicesCpuSeconds() };
  const { seconds, manifest } = await ingestOnce(env, data, data.days[0]!);
  const after = servicesCpuSeconds();
  return {
    seconds,
    manifest,
    mb: manifest.totals.bytes_json / 1e6,
    workerCpu: workers.reduce((sum, w, i) => sum + w.cpuSeconds() - before.workers[i]!, 0),
    elasticsearchCpu: after.elasticsearch - before.elasticsearch,
    temporalCpu: after.temporal - before.temporal,
  };
}

/**
 * The same ingestion by a worker writing CPU profiles (`node --cpu-prof`, every thread) into
 * `dir`, and their top entries. A run of its own: profiling slows the worker.
 */
async function profiledIngest(data: Dataset, cores: number, dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  const env = await benchEnv('p1-profile');
  try {
    await env.startWorker(cores, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    await ingestOnce(env, data, data.days[0]!);
  } finally {
    // Profiles are written when the worker exits.
    await env.close();
  }
  return { dir: path.relative(PROJECT_ROOT, dir), ...topOfProfiles(dir) };
}

/**
 * P1: one worker (as many activity slots as cores, a member thread per core) ingesting a day —
 * archive to store and Elasticsearch — against the system's bzip2 -dc (and lbzip2 -dc)
 * decompressing the same members.
 */
async function measureIngest(
  data: Dataset,
  cores: number,
  decoder: Bz2Decoder,
  system: { bzip2?: number; lbzip2?: number },
) {
  const day = data.days[0]!;
  const { bzip2, lbzip2 } = system;
  const env = await benchEnv('p1');
  try {
    const worker = await env.startWorker(cores, { workerArgs: ['--decoder', decoder] });
    const { seconds, manifest, mb, workerCpu, elasticsearchCpu } = await measuredIngest(env, data, [worker]);
    const preprocessSeconds = Object.values(manifest.groups).reduce((sum, g) => sum + g.seconds, 0);
    return {
      day,
      decoder,
      json_mb: mb,
      compressed_mb: manifest.totals.bytes_in / 1e6,
      tweets_kept: manifest.totals.kept,
      lines: manifest.totals.lines,
      worker_activity_slots: cores,
      ingest_seconds: seconds,
      ingest_mb_per_s: mb / seconds,
      ingest_tweets_per_s: manifest.totals.kept / seconds,
      ingest_lines_per_s: manifest.totals.lines / seconds,
      preprocess_seconds_summed_over_groups: preprocessSeconds,
      worker_cpu_seconds: workerCpu,
      elasticsearch_cpu_seconds: elasticsearchCpu,
      /** MB of JSON per CPU second of the worker process: its rate per core. */
      worker_mb_per_cpu_second: mb / workerCpu,
      bzip2_seconds: bzip2,
      bzip2_mb_per_s: bzip2 ? mb / bzip2 : undefined,
      lbzip2_seconds: lbzip2,
      lbzip2_mb_per_s: lbzip2 ? mb / lbzip2 : undefined,
      /** Per core: the worker's MB per CPU second against bzip2 -dc on one core. Goal ≥ 0.8. */
      ratio_per_core_vs_bzip2: bzip2 ? mb / workerCpu / (mb / bzip2) : undefined,
      /** The same with Elasticsearch's indexing CPU counted as ours. */
      ratio_per_core_with_elasticsearch_vs_bzip2: bzip2
        ? mb / (workerCpu + elasticsearchCpu) / (mb / bzip2)
        : undefined,
      /** Wall clock over all the machine's cores (worker and Elasticsearch share them). */
      ratio_wall_per_machine_core_vs_bzip2: bzip2 ? mb / seconds / cores / (mb / bzip2) : undefined,
      worker_peak_rss_mb: worker.peakRssMb(),
    };
  } finally {
    await env.close();
  }
}

/**
 * P1 with the worker's default decoder, and with `profileDir` the top of a profiled run's CPU
 * profiles (profiledIngest). When the default is the libbz2 addon, the same ingestion with the
 * wasm decoder follows, side by side in the same run.
 */
export async function benchIngest(data: Dataset, cores: number, profileDir?: string) {
  // One baseline for both runs: bzip2 -dc alone varied by 16% between two runs of the same day here.
  const members = await concatenatedMembers(data, data.days[0]!);
  const system = { bzip2: systemDecodeSeconds('bzip2', members), lbzip2: systemDecodeSeconds('lbzip2', members) };
  const decoder = defaultBz2Decoder();
  const measured = await measureIngest(data, cores, decoder, system);
  const wasm = decoder === 'wasm' ? undefined : await measureIngest(data, cores, 'wasm', system);
  return {
    ...measured,
    ...(wasm && { with_wasm_decoder: wasm }),
    ...(profileDir && { profile: await profiledIngest(data, cores, profileDir) }),
  };
}
