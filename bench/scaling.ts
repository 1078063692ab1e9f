import type { Dataset } from './data';
import { benchEnv, hasTaskset, type BenchEnv, type WorkerProcess } from './env';
import { measuredIngest } from './ingest';

/** One ingestion of the bench day by the given workers: wall time and everyone's CPU seconds. */
async function measured(env: BenchEnv, data: Dataset, workers: WorkerProcess[]) {
  const run = await measuredIngest(env, data, workers);
  return {
    seconds: run.seconds,
    mb_per_s: run.mb / run.seconds,
    worker_cpu_seconds: run.workerCpu,
    worker_mb_per_cpu_second: run.mb / run.workerCpu,
    elasticsearch_cpu_seconds: run.elasticsearchCpu,
    temporal_cpu_seconds: run.temporalCpu,
  };
}

/**
 * P1b: one worker process (two activity slots) confined to one core with `taskset`, then given
 * every core: its member threads follow the cores it may use. Elasticsearch and Temporal share
 * the same cores, so the figure to read beside the ratio is its ceiling here: the one-core time
 * over everything the all-cores run needed (worker, Elasticsearch, Temporal) spread over the cores.
 * Undefined without two cores and `taskset`.
 */
export async function benchCores(data: Dataset, cores: number) {
  if (cores < 2 || !hasTaskset()) return undefined;
  const runs: Record<string, Awaited<ReturnType<typeof measured>>> = {};
  for (const [name, cpus] of [
    ['one_core', '0'],
    ['all_cores', undefined],
  ] as const) {
    const env = await benchEnv('p1b');
    try {
      const worker = await env.startWorker(2, { cpus });
      runs[name] = await measured(env, data, [worker]);
    } finally {
      await env.close();
    }
  }
  const [one, all] = [runs.one_core!, runs.all_cores!];
  const ceiling =
    one.seconds / ((all.worker_cpu_seconds + all.elasticsearch_cpu_seconds + all.temporal_cpu_seconds) / cores);
  return {
    cores,
    one_core: one,
    all_cores: all,
    /** Goal ≥ 1.6. */
    ratio: one.seconds / all.seconds,
    ceiling_on_this_machine: ceiling,
  };
}

/**
 * P3: the same day ingested by one worker process, then by two, each as a pod of
 * infra/k8s/worker.yaml (two activity slots, one member thread). The goal is about cost, not
 * speed, since the two cores here also run Elasticsearch and Temporal: the work per worker
 * CPU-second with two workers against one (goal ≥ 0.9: no contention cost per added worker).
 */
export async function benchScaling(data: Dataset) {
  const env = await benchEnv('p3');
  try {
    const first = await env.startWorker(2, { threads: 1 });
    const one = await measured(env, data, [first]);
    const second = await env.startWorker(2, { threads: 1 });
    const two = await measured(env, data, [first, second]);
    return {
      one_worker: one,
      two_workers: two,
      /** Goal ≥ 0.9. */
      ratio_per_worker_cpu_second: two.worker_mb_per_cpu_second / one.worker_mb_per_cpu_second,
      ratio_wall: one.seconds / two.seconds,
    };
  } finally {
    await env.close();
  }
}
