import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { explainDay } from '../../services/explain';
import { loadConfig } from '../../config/config';
import type { Explanation, SignificantTerm } from '../../domain/explain';
import { dayArgument } from '../arguments';
import { cliTable } from '../tables';

interface ExplainOptions {
  show: string;
  season?: string;
  date: string;
  format: 'table' | 'json';
}

function significantTable(title: string, terms: SignificantTerm[]): string {
  const table = cliTable([title, 'matching tweets', "day's tweets", 'score']);
  for (const term of terms) table.push([term.term, term.tweets, term.sample_tweets, term.score.toFixed(3)]);
  return terms.length > 0 ? table.toString() : `${title}: nothing stands out (a term needs 3 matching tweets)`;
}

function describe(result: Explanation, name: string): string {
  const lines = [
    `${name}, ${result.date}: ${result.tweets} matching tweets of ${result.sample} that day`,
    significantTable('word', result.terms),
    significantTable('hashtag', result.hashtags),
  ];
  const top = new Table({
    head: ['retweets', 'by', 'tweet'],
    style: { head: [], border: [] },
    colWidths: [10, 20, 80],
    wordWrap: true,
  });
  for (const tweet of result.top_retweeted) top.push([tweet.retweets, `@${tweet.user_screen_name}`, tweet.text]);
  lines.push(result.top_retweeted.length > 0 ? top.toString() : 'most retweeted: no matching retweet that day');
  if (result.retweets_of_unavailable > 0)
    lines.push(
      `not shown: ${result.retweets_of_unavailable} retweets of tweets the index does not hold (deleted, or never ingested)`,
    );
  return lines.join('\n');
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description("why a show's day spiked: its unusually frequent words and hashtags, and its most retweeted tweets")
    .requiredOption('--show <name>', 'show name or show_key')
    .option('--season <n>', 'season, when the show has several')
    .requiredOption('--date <YYYY-MM-DD>', "the day, in the show's time zone", dayArgument)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: ExplainOptions) => {
      const config = loadConfig();
      const { repos, close } = openRepositories(config.elasticsearch);
      try {
        const show = await repos.shows.find(options.show, options.season);
        const result = await explainDay(repos, show.config, options.date);
        console.log(
          options.format === 'json'
            ? JSON.stringify(result, null, 2)
            : describe(result, `${show.show_name} (${show.season})`),
        );
      } finally {
        await close();
      }
    });
}
