import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { isInstalled } from '../adapters/archives/decompress';
import { PROJECT_ROOT, loadConfig } from '../config/config';
import { isHealthyState, stackUp } from '../infra/local/stack';
import { dataset } from './data';
import { benchDecoders } from './decoders';
import { benchEditLatency } from './edit-latency';
import { benchEstimates } from './estimates';
import { benchSentiment, benchSentimentCost } from './sentiment';
import { benchIngest } from './ingest';
import { benchLiveCapture } from './live-capture';
import { benchMemory } from './memory';
import { benchPageviews } from './pageviews';
import { benchRefresh } from './refresh';
import { benchRealDay } from './real-day';
import { benchOrganic } from './organic';
import { benchCores, benchScaling } from './scaling';
import { benchSpark } from './spark';

const RESULTS = path.join(PROJECT_ROOT, 'bench', 'results');
const log = (line: string): void => console.error(`[bench] ${line}`);

function save(name: string, value: object): void {
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `${name}.json`), JSON.stringify(value, null, 2));
}

function readResults(name: string): object {
  return JSON.parse(fs.readFileSync(path.join(RESULTS, `${name}.json`), 'utf8')) as object;
}

/** lbzip2 from Debian for the comparison, when we may install it. */
function ensureLbzip2(): void {
  if (isInstalled('lbzip2') || process.getuid?.() !== 0) return;
  log('installing Debian lbzip2 for the decoder comparison');
  execFileSync('apt-get', ['install', '-y', '-qq', 'lbzip2'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Two durations side by side, as the summary shows them. */
function secondsVs(a: number, b: number): string {
  return `${a.toFixed(1)} s vs ${b.toFixed(1)} s`;
}

/** The goals measured on the local stack; `estimates` (a simulation) and `sentiment` need none. */
const ON_THE_STACK = ['p1', 'p1b', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'organic', 'p9'];

/**
 * `npm run bench [-- --quick] [-- --only=p1,p4,estimates] [-- --profile]`: the goals of the benchmark issues
 * measured side by side in one run, written to bench/results/*.json with the machine they ran on.
 * `--profile` adds a profiled P1 run and its top entries (profiles in bench/results/profiles/).
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const profile = process.argv.includes('--profile');
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const wanted = (name: string) => !only || only.includes(name);
  const cores = os.availableParallelism();
  const machine = {
    cores,
    cpu: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    quick,
  };
  if (ON_THE_STACK.some(wanted)) {
    const reports = await stackUp(loadConfig(), { log });
    if (!reports.every((r) => isHealthyState(r.state))) throw new Error('the local stack is not up');
    ensureLbzip2();
  }

  const size = quick
    ? { lines: 40, shows: 100, edits: 10, p6Lines: 20, p7: { postsPerMinute: 300, hours: 4, runSeconds: 10 } }
    : { lines: 320, shows: 500, edits: 20, p6Lines: 80, p7: { postsPerMinute: 1_500, hours: 4, runSeconds: 20 } };
  // The archive day of P1–P5; P6 makes its own days and P7 its own Jetstream log.
  const day = ['p1', 'p1b', 'p2', 'p3', 'p4', 'p5'].some(wanted)
    ? await dataset('2019-07-03', 1, size.lines, log)
    : undefined;
  if (day)
    log(
      `dataset: ${(day.jsonBytes / 1e6).toFixed(0)} MB of JSON in ${(day.compressedBytes / 1e6).toFixed(0)} MB of bz2 (${(day.jsonBytes / day.compressedBytes).toFixed(1)}×)`,
    );
  const summary: [string, string, string, string][] = [];
  const results: Record<string, object> = { machine };
  const name = quick ? 'quick' : 'full';
  // A partial run (--only) replaces its own measurements and keeps the others of the file.
  const previous = only && fs.existsSync(path.join(RESULTS, `${name}.json`)) ? readResults(name) : {};
  const saveResults = (failed?: string) =>
    save(name, {
      ...previous,
      at: new Date().toISOString(),
      ...(day ? { dataset: { json_mb: day.jsonBytes / 1e6, bz2_mb: day.compressedBytes / 1e6 } } : {}),
      ...results,
      ...(failed === undefined ? {} : { failed }),
    });
  // A goal that fails late must not lose the measurements of those before it (a full run is long).
  try {
    /** One goal's measurement: its results kept under `key`, its row (goal, measured, ratio, target) in the summary. */
    const measure = async <T extends object>(
      key: string,
      title: string,
      run: () => Promise<T>,
      row: (result: T) => [string, string, string, string],
    ): Promise<void> => {
      log(title);
      const result = await run();
      results[key] = result;
      summary.push(row(result));
    };

    if (wanted('p1')) {
      log('P1 decoders');
      const decoders = await benchDecoders(
        quick ? { members: 20, linesPerMinute: 600 } : { members: 60, linesPerMinute: 2800 },
      );
      log('P1 ingest');
      const ingest = await benchIngest(
        day!,
        cores,
        profile ? path.join(RESULTS, 'profiles', quick ? 'quick' : 'full') : undefined,
      );
      results.p1 = { ...ingest, decoders };
      summary.push([
        'P1 worker MB per CPU-second ÷ bzip2 -dc',
        `${ingest.worker_mb_per_cpu_second.toFixed(1)} vs ${ingest.bzip2_mb_per_s?.toFixed(1)} MB/s (wall ${ingest.ingest_mb_per_s.toFixed(1)} MB/s, ${ingest.decoder}` +
          (ingest.with_wasm_decoder
            ? `; wasm ${ingest.with_wasm_decoder.worker_mb_per_cpu_second.toFixed(1)}, ${ingest.with_wasm_decoder.ratio_per_core_vs_bzip2?.toFixed(2)})`
            : ')'),
        ingest.ratio_per_core_vs_bzip2?.toFixed(2) ?? 'n/a',
        '≥ 0.8',
      ]);
      if (wanted('p2')) {
        log('P2 PySpark');
        const spark = await benchSpark(day!, cores, log)(ingest);
        results.p2 = spark;
        summary.push([
          'P2 PySpark time ÷ ours',
          secondsVs(spark.spark_seconds_total, spark.ours_seconds_including_elasticsearch),
          spark.ratio.toFixed(2),
          '≥ 3',
        ]);
      }
    }
    if (wanted('p1b')) {
      log('P1b one worker on one core vs on every core');
      const coresRun = await benchCores(day!, cores);
      results.p1b = coresRun ?? { skipped: 'needs two cores and taskset' };
      if (coresRun)
        summary.push([
          'P1b one worker, every core ÷ one core',
          `${secondsVs(coresRun.one_core.seconds, coresRun.all_cores.seconds)} (ceiling here ${coresRun.ceiling_on_this_machine.toFixed(2)})`,
          coresRun.ratio.toFixed(2),
          '≥ 1.6',
        ]);
    }
    if (wanted('p3'))
      await measure(
        'p3',
        'P3 one vs two workers',
        () => benchScaling(day!),
        (scaling) => [
          'P3 MB per worker CPU-second, two workers ÷ one',
          `${scaling.two_workers.worker_mb_per_cpu_second.toFixed(1)} vs ${scaling.one_worker.worker_mb_per_cpu_second.toFixed(1)} (wall ${secondsVs(scaling.two_workers.seconds, scaling.one_worker.seconds)})`,
          scaling.ratio_per_worker_cpu_second.toFixed(2),
          '≥ 0.9',
        ],
      );
    if (wanted('p4'))
      await measure(
        'p4',
        `P4 refreshing ${size.shows} shows`,
        () => benchRefresh(day!, size.shows),
        (refresh) => [
          'P4 per show-day ÷ per show, batched',
          `${secondsVs(refresh.one_query_per_show_and_day_seconds, refresh.batched_searches_seconds)}; unbatched ${refresh.one_search_per_show_seconds.toFixed(2)} s (${refresh.unbatched_ratio.toFixed(1)})`,
          refresh.ratio.toFixed(1),
          '≥ 20',
        ],
      );
    if (wanted('p5')) {
      log(`P5 ${size.edits} sheet edits`);
      const latency = await benchEditLatency(day!, size.edits);
      results.p5 = latency;
      summary.push(['P5 edit → visible, p95', `p50 ${latency.p50_ms} ms`, `${latency.p95_ms} ms`, '< 5000 ms']);
    }
    if (wanted('p6')) {
      log('P6 worker memory, 1 day vs 4 days');
      const memory = await benchMemory(await dataset('2019-07-01', 4, size.p6Lines, log));
      results.p6 = memory;
      summary.push([
        'P6 worker peak RSS, 1 vs 4 days',
        `${Object.values(memory)
          .slice(0, 2)
          .map((v) => `${Number(v).toFixed(0)} MB`)
          .join(' vs ')}`,
        '',
        'flat, < 500 MB',
      ]);
    }
    if (wanted('p7')) {
      log(`P7 live capture: ${size.p7.hours} hours at ${size.p7.postsPerMinute} posts a minute, one worker core`);
      const live = await benchLiveCapture(size.p7, log);
      results.p7 = live;
      summary.push(
        [
          'P7 capture frames/s ÷ 10× network',
          `${live.capture_frames_per_s} vs ${Math.round(live.target_frames_per_s)} frames/s (server capped at ${live.server_cap_events_per_s}/s); sealing included ${live.capture_with_sealing_frames_per_s}`,
          `${live.ratio_capture_vs_target.toFixed(1)} (${live.ratio_with_sealing_vs_target.toFixed(1)})`,
          '≥ 1',
        ],
        [
          'P7 one worker core, frames per CPU-second ÷ 10× network',
          `${live.worker_frames_per_cpu_second} (bare reader ${live.bare_reader_frames_per_cpu_second}: ×${live.ratio_worker_vs_bare_reader_per_cpu_second}); uncapped: ${live.all_hours_uncapped.outcome}`,
          live.ratio_core_capacity_vs_target.toFixed(1),
          '≥ 1',
        ],
        [
          `P7 worker peak RSS, 1 vs ${live.log.hours} hours`,
          `${live.one_hour_peak_rss_mb} MB vs ${live.all_hours_peak_rss_mb} MB`,
          live.ratio_peak_rss.toFixed(2),
          'flat, < 500 MB',
        ],
      );
    }
    // P8 is a full run's alone: its day takes 16 minutes to generate and 1.2 GB of disk.
    if (wanted('p8') && !quick) {
      log('P8 a real-size day: 2,800 lines a minute');
      const real = await benchRealDay(await dataset('2019-07-03', 1, 2_800, log));
      results.p8 = real;
      summary.push(
        [
          'P8 real-size day, one worker',
          `${(real.json_mb / 1e3).toFixed(1)} GB of JSON, ${real.lines} lines in ${real.ingest_seconds.toFixed(0)} s; ${real.worker_mb_per_cpu_second.toFixed(1)} MB per worker CPU-second; counts ${real.counts_equal_truth ? 'equal' : 'differ from'} the truth`,
          `${real.worker_peak_rss_mb.toFixed(0)} MB`,
          'peak RSS < 500 MB',
        ],
        [
          'P8 a year in a week',
          `${real.year_in_a_week.elasticsearch_indexing_cores.toFixed(1)} Elasticsearch indexing cores, ${real.year_in_a_week.elasticsearch_primary_disk_gb.toFixed(0)} GB of primary index`,
          `${real.year_in_a_week.worker_cores.toFixed(1)} worker cores`,
          '',
        ],
        [
          'P8 sentiment: worker CPU with scoring ÷ without (`worker --no-sentiment`), same day',
          `${real.worker_cpu_seconds.toFixed(1)} vs ${real.without_sentiment.worker_cpu_seconds.toFixed(1)} CPU-s; ${real.scored_docs.toLocaleString('en-US')} posts scored, ${real.without_sentiment.posts_scored_per_added_cpu_second?.toLocaleString('en-US') ?? '—'} per added CPU-second; unscored counts ${real.without_sentiment.counts_equal_truth ? 'equal' : 'differ from'} the truth`,
          `${real.without_sentiment.worker_cpu_with_vs_without}`,
          '≤ 1.15',
        ],
      );
    }
    // On P8's real-size day, generated once for both.
    if (wanted('organic') && !quick)
      await measure(
        'organic',
        'Organic buzz: 50 show computations on the real-size day, with and without organic counts',
        async () => benchOrganic(await dataset('2019-07-03', 1, 2_800, log), 50),
        (organic) => [
          `Organic buzz: show computation with ÷ without organic counts (${organic.shows} shows, real-size day); P4's per-show search with ÷ without`,
          `${(organic.seconds_per_show_with_organic * 1e3).toFixed(0)} vs ${(organic.seconds_per_show_without * 1e3).toFixed(0)} ms per show over ${organic.matching_posts.toLocaleString('en-US')} matching posts (${organic.texts_read.toLocaleString('en-US')} texts read); search ${(organic.p4_search_and_organic_seconds_per_show * 1e3).toFixed(0)} vs ${(organic.p4_search_seconds_per_show * 1e3).toFixed(0)} ms; ingest: a fingerprint ${organic.fingerprints.micros_per_original.toFixed(1)} µs an original (${(organic.fingerprints.originals_share * 100).toFixed(0)}% of kept posts)`,
          `${organic.ratio.toFixed(2)} ; ${organic.p4_ratio.toFixed(2)}`,
          '≤ 2 ; ≤ 2',
        ],
      );
    if (wanted('p9')) {
      const p9 = { articles: size.shows, days: 365, rate: 10 };
      await measure(
        'p9',
        `P9 a year of Wikipedia pageviews for ${p9.articles} shows at ${p9.rate} requests a second`,
        () => benchPageviews(p9),
        (fetch) => [
          `P9 a year of pageviews, ${fetch.articles} shows: time ÷ the time ${fetch.rate_per_second}/s implies; busiest second ÷ rate`,
          `${fetch.requests} requests in ${fetch.seconds} s vs ${fetch.implied_seconds} s; busiest second ${fetch.peak_requests_in_one_second} (after the first 3 s: ${fetch.peak_after_the_first_3_seconds})`,
          `${fetch.ratio_time_vs_implied} ; ${fetch.ratio_peak_vs_rate} (${fetch.ratio_steady_peak_vs_rate})`,
          '≤ 1.2 ; ≤ 2 (≤ 1.2)',
        ],
      );
    }
    if (wanted('estimates')) {
      const showDays = quick ? 500 : 5_000;
      log(`Estimates against the truth: ${showDays} simulated show-days per author activity, rankings of 20 shows`);
      const estimates = benchEstimates({ showDays, trials: quick ? 50 : 500 });
      results.estimates = estimates;
      const { light_activity: light, heavy_activity: heavy, rankings } = estimates;
      summary.push(
        [
          `Estimates: est_tweets 95% interval holds the truth (${showDays} show-days each)`,
          `light ${light.est_tweets.coverage}, heavy ${heavy.est_tweets.coverage}`,
          String(Math.min(light.est_tweets.coverage, heavy.est_tweets.coverage)),
          '0.93–0.97',
        ],
        [
          'Estimates: authors, bounds only, hold the truth',
          `light ${light.est_unique_authors.bounds_contain_truth}, heavy ${heavy.est_unique_authors.bounds_contain_truth}; median high ÷ low ${light.est_unique_authors.median_high_over_low}, ${heavy.est_unique_authors.median_high_over_low}`,
          String(
            Math.min(light.est_unique_authors.bounds_contain_truth, heavy.est_unique_authors.bounds_contain_truth),
          ),
          '≥ 0.98 (bounds)',
        ],
        [
          `Estimates: Kendall τ of 20 shows, ${rankings.trials} samples`,
          `median ${rankings.kendall_tau.median}`,
          `min ${rankings.kendall_tau.min}`,
          '≥ 0.8',
        ],
        [
          'Estimates: pairs told apart, in their true order',
          `${rankings.adjacent_pairs_told_apart} pairs told apart, ${rankings.adjacent_pairs_marked_alike} marked ≈`,
          String(rankings.told_apart_in_true_order),
          '≥ 0.95',
        ],
      );
    }
    if (wanted('sentiment')) {
      log('Sentiment: the scorer against human ratings, and its cost, beside the vader-sentiment port');
      const sentiment = {
        ...benchSentiment({ rounds: quick ? 3 : 20 }, log),
        cost: await benchSentimentCost({ members: quick ? 10 : 30, rounds: quick ? 3 : 5 }, log),
      };
      results.sentiment = sentiment;
      summary.push(
        [
          'Sentiment: Pearson r with the mean human rating, 4,200 tweets',
          `ours ${sentiment.ours.r}; vader-sentiment port ${sentiment.vader_sentiment_port.r}`,
          String(sentiment.ours.r),
          '≥ 0.85',
        ],
        [
          'Sentiment: posts scored per CPU-second, ours ÷ the port',
          `${sentiment.ours.posts_per_cpu_second.toLocaleString('en-US')} vs ${sentiment.vader_sentiment_port.posts_per_cpu_second.toLocaleString('en-US')}`,
          String(sentiment.speed_ratio),
          '—',
        ],
        [
          `Sentiment: decode + sort CPU with scoring ÷ without, ${sentiment.cost.members} real-rate members`,
          `${sentiment.cost.cpu_seconds_with_scoring} s vs ${sentiment.cost.cpu_seconds_without} s (${sentiment.cost.posts_kept.toLocaleString('en-US')} posts kept)`,
          String(sentiment.cost.ratio),
          '≤ 1.15',
        ],
      );
    }
  } catch (error) {
    saveResults(error instanceof Error ? error.message : String(error));
    throw error;
  }
  saveResults();
  const table = new Table({ head: ['goal', 'measured', 'ratio / figure', 'target'], style: { head: [], border: [] } });
  table.push(...summary);
  console.log(table.toString());
  console.log(`results: ${path.relative(process.cwd(), path.join(RESULTS, `${quick ? 'quick' : 'full'}.json`))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
