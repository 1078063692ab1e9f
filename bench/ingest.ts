import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DayManifest } from '../activities/record-manifest';
import { workflowIds } from '../domain/workflow-ids';
import { ingestDay } from '../workflows/ingest-day';
import { concatenatedMembers, type Dataset } from './data';
import { systemDecodeSeconds } from './decoders';
import { loadConfig } from '../config/config';
import { recordsOf } from '../infra/local/stack';
import { benchEnv, timed, treeCpuSeconds, type BenchEnv } from './env';

/** Ingests one day in the bench env (re-running it when it was ingested before); wall seconds and manifest. */
export async function ingestOnce(
  env: BenchEnv,
  data: Dataset,
  day: string,
): Promise<{ seconds: number; manifest: DayManifest }> {
  const { seconds, value } = await timed(() =>
    env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(day),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      args: [{ day, source: `dir:${data.dir}`, languages: ['en'] }],
    }),
  );
  return { seconds, manifest: value };
}

/**
 * P1: one worker (as many activity slots as cores) ingesting a day — archive to store and
 * Elasticsearch — against the system's bzip2 -dc (and lbzip2 -dc) decompressing the same members.
 */
export async function benchIngest(data: Dataset, cores: number) {
  const day = data.days[0]!;
  const members = await concatenatedMembers(data, day);
  const bzip2 = systemDecodeSeconds('bzip2', members);
  const lbzip2 = systemDecodeSeconds('lbzip2', members);
  const env = await benchEnv('p1');
  try {
    const worker = await env.startWorker(cores);
    const elasticsearchPid = recordsOf(loadConfig()).read('elasticsearch')?.pid;
    const esCpu = () => (elasticsearchPid ? treeCpuSeconds(elasticsearchPid) : 0);
    const [workerBefore, esBefore] = [worker.cpuSeconds(), esCpu()];
    const { seconds, manifest } = await ingestOnce(env, data, day);
    const workerCpu = worker.cpuSeconds() - workerBefore;
    const elasticsearchCpu = esCpu() - esBefore;
    const mb = manifest.totals.bytes_json / 1e6;
    const preprocessSeconds = Object.values(manifest.groups).reduce((sum, g) => sum + g.seconds, 0);
    return {
      day,
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
    };
  } finally {
    await env.close();
  }
}
