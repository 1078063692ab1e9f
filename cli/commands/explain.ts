import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { explainDay } from '../../services/explain';
import { loadConfig } from '../../config/config';
import type { Explanation, ScoredPost, SignificantTerm } from '../../domain/explain';
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

/** A table of tweets: a first column of its own (retweets, or the sentiment score), who, and the text wrapped. */
function tweetsTable(first: string): Table.Table {
  return new Table({
    head: [first, 'by', 'tweet'],
    style: { head: [], border: [] },
    colWidths: [10, 20, 80],
    wordWrap: true,
  });
}

function scoredTable(label: 'positive' | 'negative', posts: ScoredPost[]): string {
  if (posts.length === 0) return `most ${label}: no scored matching post that day`;
  const table = tweetsTable(`most ${label}`);
  for (const post of posts) table.push([post.sentiment.toFixed(4), `@${post.user_screen_name}`, post.text]);
  return table.toString();
}

function describe(result: Explanation, name: string): string {
  const lines = [
    `${name}, ${result.date}: ${result.tweets} matching tweets of ${result.sample} that day`,
    significantTable('word', result.terms),
    significantTable('hashtag', result.hashtags),
  ];
  const top = tweetsTable('retweets');
  for (const tweet of result.top_retweeted) top.push([tweet.retweets, `@${tweet.user_screen_name}`, tweet.text]);
  lines.push(result.top_retweeted.length > 0 ? top.toString() : 'most retweeted: no matching retweet that day');
  if (result.retweets_of_unavailable > 0)
    lines.push(
      `not shown: ${result.retweets_of_unavailable} retweets of tweets the index does not hold (deleted, or never ingested)`,
    );
  lines.push(scoredTable('positive', result.most_positive), scoredTable('negative', result.most_negative));
  return lines.join('\n');
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      "why a show's day spiked: its unusually frequent words and hashtags, its most retweeted tweets, and its most positive and negative posts",
    )
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
