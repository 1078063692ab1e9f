import fs from 'node:fs';
import path from 'node:path';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { writeSampleData } from '../../simulator/sample-data';
import { loadConfig, type Config } from '../../config/config';
import { buzzTotals, hasMetrics } from '../../domain/buzz-coverage';
import { totalsText } from '../../domain/buzz-format';
import { daysBetween, addDays } from '../../domain/days';
import { workflowLink } from '../../contracts/workflow-ids';
import { isHealthyState, stackUp } from '../../infra/local/stack';
import { createBuzzWorker } from '../../workers/worker';
import { startApi } from '../../api/start';
import { ingestRange } from '../ingest-run';
import { formatServiceReports } from '../output';
import { port, positiveInt } from '../arguments';
import { syncSheet } from '../sheet-sync-run';
import { connectClient } from '../../client/connection';
import { startLiveDemo, type LiveDemo } from '../demo-live';

interface DemoOptions {
  exit?: boolean;
  live: boolean;
  days: number;
  linesPerMinute: number;
  port?: number;
  dir: string;
}

const FIRST_DAY = '2019-06-29';

/** Sample archives for the demo, written once (a second run finds them). */
async function sampleData(options: DemoOptions): Promise<string> {
  const truth = path.join(options.dir, 'ground-truth.json');
  const wanted = { from: FIRST_DAY, days: options.days, linesPerMinute: options.linesPerMinute };
  const marker = path.join(options.dir, 'demo.json');
  if (fs.existsSync(truth) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === JSON.stringify(wanted)) {
    console.log(`sample data: reusing ${options.dir}`);
    return options.dir;
  }
  console.log(
    `sample data: writing ${options.days} days from ${FIRST_DAY} to ${options.dir} (${options.linesPerMinute} lines a minute)`,
  );
  await writeSampleData(
    {
      out: options.dir,
      from: FIRST_DAY,
      days: options.days,
      linesPerMinute: options.linesPerMinute,
      seed: 1,
      format: 'tar',
    },
    (line) => console.log(`  ${line}`),
  );
  fs.writeFileSync(marker, JSON.stringify(wanted));
  return options.dir;
}

async function printBuzz(config: Config): Promise<void> {
  const { repos, close } = openRepositories(config.elasticsearch);
  try {
    const table = new Table({
      head: [
        'show',
        'launch',
        'time zone',
        'window total',
        'peak day',
        'days since launch',
        'peak tweets',
        'unique authors',
      ],
      style: { head: [], border: [] },
    });
    for (const show of await repos.shows.all()) {
      if (show.status !== 'active') continue;
      const days = await repos.dailyBuzz.ofShow(show.show_key);
      // Days with nothing ingested have no tweets to add or compare: the total says which days it covers.
      const measured = days.filter(hasMetrics);
      const peak = measured.reduce<(typeof measured)[number] | undefined>(
        (best, day) => (best === undefined || day.tweets > best.tweets ? day : best),
        undefined,
      );
      table.push([
        `${show.show_name} (${show.season})`,
        show.launch_date,
        show.timezone,
        totalsText(buzzTotals(days)),
        peak?.date ?? '',
        peak?.days_since_launch ?? '',
        peak?.tweets ?? '',
        peak?.unique_authors ?? '',
      ]);
    }
    console.log(table.toString());
  } finally {
    await close();
  }
}

/**
 * The main job on local defaults: the local stack, sample archives, ingestion through workflows,
 * the sample sheet synced, buzz computed, the API and dashboard served.
 */
async function demo(options: DemoOptions): Promise<void> {
  const config = loadConfig();
  const reports = await stackUp(config, { log: (line) => console.error(line) });
  console.log(formatServiceReports(reports));
  if (!reports.every((r) => isHealthyState(r.state))) {
    process.exitCode = 1;
    return;
  }
  const archives = await sampleData(options);
  const worker = await createBuzzWorker(config, { maxActivities: 4 });
  const running = worker.run();
  const { client, close } = await connectClient(config);
  let live: LiveDemo | undefined;
  try {
    const days = daysBetween(FIRST_DAY, addDays(FIRST_DAY, options.days - 1));
    await ingestRange(client, config, days, {
      source: `dir:${archives}`,
      from: days[0]!,
      lang: 'en',
      wait: true,
      dayParallelism: 2,
    });
    await syncSheet(client, config, `file:${path.join(archives, 'shows.csv')}`, true);
    await printBuzz(config);
    if (options.live) live = await startLiveDemo(client, config, archives);
    const api = await startApi(config, options.port ?? config.api.port, config.api.host);
    console.log(`\nDashboard and API: http://localhost:${api.port}/  (GET /api/shows, /api/shows/<show_key>/buzz)`);
    if (live)
      console.log(`Live view:         http://localhost:${api.port}/#view=live&shows=${live.showKeys.join(',')}`);
    console.log(`Temporal Web UI:   ${workflowLink(config.temporal)}`);
    console.log(`Elasticsearch:     ${config.elasticsearch.url}  (buzz-daily, buzz-tweets)`);
    if (!options.exit) {
      console.log(
        `\nServing until Ctrl-C${live ? ', capturing the current hour live' : ''}; the local stack keeps running (\`npx buzztracker stack down\` stops it).`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
    await api.close();
  } finally {
    // Before the worker goes: stopping seals the current hour, which takes a worker.
    await live?.stop();
    await close();
    worker.shutdown();
    await running;
  }
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run the main job on local defaults: stack, sample data, ingestion, shows, buzz, a live capture, API and dashboard',
    )
    .option('--exit', 'exit once everything is computed and served once (instead of serving until Ctrl-C)')
    .option('--no-live', 'skip the live part (a Bluesky capture from a local Jetstream server)')
    .option('--days <n>', 'days of sample data', positiveInt, 7)
    .option('--lines-per-minute <n>', 'sample stream lines per minute', positiveInt, 10)
    .option('--port <n>', 'API port (default BUZZ_API_PORT or 8080)', port)
    .option('--dir <path>', 'where the sample archives go', path.join('.buzz', 'sample'))
    .action((options: DemoOptions) => demo(options));
}
