import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { startApi } from '../../api/start';
import { connectClient } from '../../client/connection';
import { waitForPageviews } from '../../client/shows';
import { loadConfig } from '../../config/config';
import { addDays, daysBetween } from '../../domain/days';
import { isHealthyState, stackUp } from '../../infra/local/stack';
import { createBuzzWorker } from '../../workers/worker';
import { startWikimediaServer } from '../../infra/local/wikimedia-server';
import { readPageviewsSample } from '../../simulator/pageviews';
import { PAGEVIEWS_FILE } from '../../simulator/sample-data';
import { port, positiveInt } from '../arguments';
import { startLiveDemo, type LiveDemo } from '../demo/live';
import { demoLogs, shown } from '../demo/logs';
import { nextSteps } from '../demo/next-steps';
import { printAlerts, printBuzz, printLeaderboard } from '../demo/results';
import { DEMO_DAYS, DEMO_FIRST_DAY, demoSampleData } from '../demo/sample';
import { ingestRange } from '../ingest-run';
import { formatServiceReports } from '../output';
import { phaseBar } from '../phase-bar';
import { syncSheet } from '../sheet-sync-run';

interface DemoOptions {
  exit?: boolean;
  live: boolean;
  days: number;
  linesPerMinute: number;
  port?: number;
  dir: string;
}

/**
 * The main job on local defaults: the local stack, sample archives covering every sample show's
 * launch week, ingestion through workflows, the sample sheet synced, buzz computed, the
 * leaderboard and spike alerts, a live capture, the API and dashboard served. The terminal shows
 * results and a bar per phase; the logs are in files it names.
 */
async function demo(options: DemoOptions): Promise<void> {
  const config = loadConfig();
  const logs = demoLogs(config);
  const stackLog = (line: string) => fs.appendFileSync(logs.stack, `${new Date().toISOString()} ${line}\n`);
  fs.mkdirSync(logs.dir, { recursive: true });
  const stackBar = phaseBar('local stack', 1);
  let up = 0;
  const reports = await stackUp(config, {
    log: stackLog,
    onReport: (report, services) => stackBar.update(++up, `${report.name} ${report.state}`, services),
  });
  stackBar.stop();
  console.log(formatServiceReports(reports));
  console.log(`logs: worker ${shown(logs.worker)}, API ${shown(logs.api)}, stack ${shown(logs.stack)}`);
  if (!reports.every((r) => isHealthyState(r.state))) {
    process.exitCode = 1;
    return;
  }
  const archives = await demoSampleData(
    { dir: options.dir, days: options.days, linesPerMinute: options.linesPerMinute },
    stackLog,
  );
  // The shows' Wikipedia pageviews come from a local stand-in of the Wikimedia API serving the sample's.
  const wikimedia = await startWikimediaServer({ sample: readPageviewsSample(path.join(archives, PAGEVIEWS_FILE)) });
  const worker = await createBuzzWorker(
    { ...config, wikimedia: { ...config.wikimedia, apiUrl: wikimedia.url } },
    { maxActivities: 4 },
  );
  const running = worker.run();
  const { client, close } = await connectClient(config);
  const { repos, close: closeRepos } = openRepositories(config.elasticsearch);
  let live: LiveDemo | undefined;
  try {
    const days = daysBetween(DEMO_FIRST_DAY, addDays(DEMO_FIRST_DAY, options.days - 1));
    await ingestRange(client, config, days, {
      source: `dir:${archives}`,
      from: days[0]!,
      lang: 'en',
      wait: true,
      dayParallelism: 2,
    });
    console.log('');
    await syncSheet(client, config, `file:${path.join(archives, 'shows.csv')}`, true);
    await waitForPageviews(
      client,
      repos,
      (await repos.shows.all()).filter((show) => show.config.wikipedia_articles).map((show) => show.show_key),
      5 * 60_000,
    );
    await printBuzz(repos);
    await printLeaderboard(repos);
    await printAlerts(repos);
    if (options.live) live = await startLiveDemo(client, config, archives);
    const api = await startApi(config, options.port ?? config.api.port, config.api.host, { logFile: logs.api });
    console.log(nextSteps(config, api.port, live?.showKeys ?? []));
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
    await closeRepos();
    await close();
    worker.shutdown();
    await running;
    await wikimedia.close();
  }
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run the main job on local defaults: stack, sample data, ingestion, shows, buzz, leaderboard, alerts, a live capture, API and dashboard',
    )
    .option('--exit', 'exit once everything is computed and served once (instead of serving until Ctrl-C)')
    .option('--no-live', 'skip the live part (a Bluesky capture from a local Jetstream server)')
    .option('--days <n>', `days of sample data from ${DEMO_FIRST_DAY}`, positiveInt, DEMO_DAYS)
    .option('--lines-per-minute <n>', 'sample stream lines per minute', positiveInt, 10)
    .option('--port <n>', 'API port (default BUZZ_API_PORT or 8080)', port)
    .option('--dir <path>', 'where the sample archives go', path.join('.buzz', 'sample'))
    .action((options: DemoOptions) => demo(options));
}
