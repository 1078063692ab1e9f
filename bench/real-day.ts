import fs from 'node:fs';
import path from 'node:path';
import type { Dataset } from './data';
import { benchEnv, type BenchEnv } from './env';
import { measuredIngest } from './ingest';
import { indexNames } from '../domain/index-names';
import type { DayManifest } from '../domain/ingest-manifests';

const WEEK_SECONDS = 7 * 24 * 3600;
const YEAR_DAYS = 365;

function bytesUnder(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/** The counts a day's manifest must have: the generator's truth, English kept. */
function expectedCounts(truth: Dataset['truth'][string]) {
  return {
    lines: truth.lines,
    statuses: truth.statuses,
    kept: truth.statuses_by_lang.en!,
    filtered_out: truth.statuses - truth.statuses_by_lang.en!,
    notices: truth.notices,
    malformed: truth.malformed,
    members: truth.members,
    members_failed: 0,
    indexed: truth.statuses_by_lang.en!,
    delete_notices: truth.notices_by_kind.delete,
  };
}

/** Where a manifest's totals differ from the expected counts. */
function mismatchesOf(totals: DayManifest['totals'], expected: ReturnType<typeof expectedCounts>): string[] {
  return Object.entries(expected)
    .filter(([key, value]) => totals[key as keyof typeof expected] !== value)
    .map(([key, value]) => `${key}: ${totals[key as keyof typeof expected]} (truth ${value})`);
}

/** Indexed documents that carry a sentiment score. */
async function scoredDocs(env: BenchEnv): Promise<number> {
  const { count } = await env.es.count({
    index: indexNames(env.config.elasticsearch.indexPrefix).tweetsPattern,
    query: { exists: { field: 'sentiment' } },
  });
  return count;
}

/**
 * The same day ingested again by a worker that scores nothing (`worker --no-sentiment`), in an
 * env of its own: what sentiment scoring costs the worker on a real-size day.
 */
async function unscoredIngest(data: Dataset, expected: ReturnType<typeof expectedCounts>) {
  const env = await benchEnv('p8-unscored');
  try {
    const worker = await env.startWorker(2, { workerArgs: ['--no-sentiment'] });
    const { seconds, manifest, workerCpu } = await measuredIngest(env, data, [worker]);
    return {
      ingest_seconds: seconds,
      worker_cpu_seconds: workerCpu,
      worker_peak_rss_mb: worker.peakRssMb(),
      mismatches: mismatchesOf(manifest.totals, expected),
      scored_docs: await scoredDocs(env),
    };
  } finally {
    await env.close();
  }
}

/**
 * P8: a day at the archive's real rate (about 2,800 lines a minute, 4 million lines, 11 GB of
 * JSON) ingested by one worker process given every core, as P1 does at a smaller size: wall
 * time, CPU, the worker's peak memory, Elasticsearch's heap and disk, the store's size, and the
 * manifest's counts against the generator's truth. From its per-day figures, what a year of the
 * archive ingested in a week would take.
 */
async function realDayIngest(data: Dataset) {
  const day = data.days[0]!;
  const truth = data.truth[day]!;
  const env = await benchEnv('p8');
  let heapPeak = 0;
  let heapMax = 0;
  const sampleHeap = async () => {
    const stats = await env.es.nodes.stats({ metric: 'jvm' });
    for (const node of Object.values(stats.nodes)) {
      heapPeak = Math.max(heapPeak, node.jvm?.mem?.heap_used_in_bytes ?? 0);
      heapMax = Math.max(heapMax, node.jvm?.mem?.heap_max_in_bytes ?? 0);
    }
  };
  const sampler = setInterval(() => void sampleHeap().catch(() => undefined), 2_000);
  try {
    const worker = await env.startWorker(2);
    const { seconds, manifest, mb, workerCpu, elasticsearchCpu } = await measuredIngest(env, data, [worker]);
    clearInterval(sampler);
    await sampleHeap();
    const store = await env.es.indices.stats({
      index: indexNames(env.config.elasticsearch.indexPrefix).tweetsPattern,
      metric: ['store', 'docs'],
    });
    const expected = expectedCounts(truth);
    const t = manifest.totals;
    const mismatches = mismatchesOf(t, expected);
    const scored = await scoredDocs(env);
    const indexBytes = store._all.primaries?.store?.size_in_bytes ?? 0;
    const storeBytes = bytesUnder(env.storeDir);
    return {
      day,
      scored_docs: scored,
      lines: t.lines,
      json_mb: mb,
      compressed_mb: t.bytes_in / 1e6,
      tweets_kept: t.kept,
      counts_equal_truth: mismatches.length === 0,
      mismatches,
      counts: { ...expected, deletes_applied: t.deletes_applied },
      ingest_seconds: seconds,
      ingest_mb_per_s: mb / seconds,
      worker_cpu_seconds: workerCpu,
      worker_mb_per_cpu_second: mb / workerCpu,
      elasticsearch_cpu_seconds: elasticsearchCpu,
      worker_peak_rss_mb: worker.peakRssMb(),
      elasticsearch_heap_peak_mb: heapPeak / 2 ** 20,
      elasticsearch_heap_max_mb: heapMax / 2 ** 20,
      elasticsearch_index_mb: indexBytes / 1e6,
      elasticsearch_docs: store._all.primaries?.docs?.count ?? 0,
      store_mb: storeBytes / 1e6,
      year_in_a_week: {
        worker_cores: (workerCpu * YEAR_DAYS) / WEEK_SECONDS,
        elasticsearch_indexing_cores: (elasticsearchCpu * YEAR_DAYS) / WEEK_SECONDS,
        elasticsearch_primary_disk_gb: (indexBytes * YEAR_DAYS) / 1e9,
        store_gb: (storeBytes * YEAR_DAYS) / 1e9,
        archive_tb: (t.bytes_in * YEAR_DAYS) / 1e12,
      },
    };
  } finally {
    clearInterval(sampler);
    await env.close();
  }
}

/**
 * P8, then the same day without sentiment scoring (issue "What the buzz says": at most 15% more
 * worker CPU with scoring). The two ingests run one after the other in one run, on the same
 * generated day; the day's posts scored per worker CPU-second of the difference.
 */
export async function benchRealDay(data: Dataset) {
  const real = await realDayIngest(data);
  const unscored = await unscoredIngest(data, expectedCounts(data.truth[data.days[0]!]!));
  const added = real.worker_cpu_seconds - unscored.worker_cpu_seconds;
  return {
    ...real,
    without_sentiment: {
      ...unscored,
      counts_equal_truth: unscored.mismatches.length === 0,
      worker_cpu_with_vs_without: Math.round((real.worker_cpu_seconds / unscored.worker_cpu_seconds) * 1000) / 1000,
      posts_scored_per_added_cpu_second: added > 0 ? Math.round(real.scored_docs / added) : null,
    },
  };
}
