import { Option, type Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { readLeaderboard } from '../../services/leaderboard';
import { loadConfig } from '../../config/config';
import {
  DEFAULT_WINDOW,
  LEADERBOARD_METRICS,
  LEADERBOARD_MIN_SCORED,
  leaderboardCsv,
  parseWindow,
  type LaunchWindow,
  type LeaderboardMetric,
} from '../../domain/leaderboard';
import { windowArgument } from '../arguments';
import { leaderboardTable } from '../tables';

interface LeaderboardOptions {
  window: LaunchWindow;
  metric: LeaderboardMetric;
  format: 'table' | 'json' | 'csv';
}

/** What a window needs to be ranked, by the metrics that need more than every day ingested. */
const RANKED_ONLY_WITH: Partial<Record<LeaderboardMetric, string>> = {
  pageviews: "every day's pageviews",
  net_sentiment: `every day of the window ingested and ${LEADERBOARD_MIN_SCORED} scored posts`,
  organic_tweets: 'every day of the window ingested and its organic counts computed',
};

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
          console.log(leaderboardTable(rows, options.metric));
          const unranked = rows.filter((row) => row.rank === null).length;
          const without = RANKED_ONLY_WITH[options.metric] ?? 'every day of the window ingested';
          if (unranked > 0)
            console.log(`— not ranked: ${unranked} show${unranked === 1 ? '' : 's'} without ${without}`);
        }
      } finally {
        await close();
      }
    });
}
