import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { readLeaderboard } from '../../services/leaderboard';
import { loadConfig } from '../../config/config';
import {
  DEFAULT_WINDOW,
  LEADERBOARD_METRICS,
  completenessText,
  leaderboardCsv,
  parseWindow,
  type LaunchWindow,
  type LeaderboardMetric,
  type LeaderboardRow,
} from '../../domain/leaderboard';
import { windowArgument } from '../arguments';

interface LeaderboardOptions {
  window: LaunchWindow;
  metric: LeaderboardMetric;
  format: 'table' | 'json' | 'csv';
}

const percent = (share: number | null) => (share === null ? '' : `${(share * 100).toFixed(3)}%`);

function table(rows: LeaderboardRow[]): string {
  const out = new Table({
    head: ['rank', 'show', 'launch', 'tweets', 'share of sample', 'unique authors', 'peak day', 'peak tweets', 'days'],
    style: { head: [], border: [] },
  });
  for (const row of rows)
    out.push([
      row.rank ?? '—',
      `${row.show_name} (${row.season})`,
      row.launch_date,
      row.tweets ?? '',
      percent(row.share_of_sample),
      row.unique_authors ?? '',
      row.peak_days_since_launch ?? '',
      row.peak_tweets ?? '',
      completenessText(row),
    ]);
  return out.toString();
}

export function registerLeaderboardCommand(program: Command): void {
  program
    .command('leaderboard')
    .description('rank the show seasons over the same days relative to each launch')
    .addOption(
      new Option('--window <from..to>', 'days since launch, both included (e.g. -7..-1, 0..27)')
        .argParser(windowArgument)
        .default(parseWindow(DEFAULT_WINDOW), DEFAULT_WINDOW),
    )
    .addOption(new Option('--metric <metric>', 'what to rank by').choices(LEADERBOARD_METRICS).default('tweets'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .action(async (options: LeaderboardOptions) => {
      const config = loadConfig();
      const { repos, close } = openRepositories(config.elasticsearch);
      try {
        const rows = await readLeaderboard(repos, options.window, options.metric);
        if (options.format === 'json') console.log(JSON.stringify(rows, null, 2));
        else if (options.format === 'csv') process.stdout.write(leaderboardCsv(rows));
        else {
          console.log(table(rows));
          const unranked = rows.filter((row) => row.rank === null).length;
          if (unranked > 0)
            console.log(
              `— not ranked: ${unranked} show${unranked === 1 ? '' : 's'} without every day of the window ingested`,
            );
        }
      } finally {
        await close();
      }
    });
}
