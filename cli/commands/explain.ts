import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { explainDay } from '../../services/explain';
import { loadConfig } from '../../config/config';
import type { Explanation, ScoredPost, SignificantTerm } from '../../domain/explain';
import type { FloodCluster } from '../../domain/organic';
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

/** Accounts of a flood named up to a few, the rest counted. */
function accountsText(accounts: string[]): string {
  const named = accounts.slice(0, 3).map((account) => `@${account}`);
  return accounts.length > 3 ? `${named.join(', ')} +${accounts.length - 3} more` : named.join(', ');
}

function floodsTable(floods: FloodCluster[]): string {
  if (floods.length === 0) return 'floods: no copy-paste flood that day';
  const table = new Table({
    head: ['flood posts', 'accounts', 'first post'],
    style: { head: [], border: [] },
    colWidths: [12, 30, 68],
    wordWrap: true,
  });
  for (const flood of floods)
    table.push([flood.posts, `${flood.accounts.length}: ${accountsText(flood.accounts)}`, flood.example]);
  return table.toString();
}

function ownedTable(result: Explanation): string {
  if (result.owned === 0) return "owned: no post by the show's official accounts that day";
  const table = tweetsTable('owned');
  for (const post of result.owned_posts)
    table.push([post.created_at.slice(11, 16), `@${post.user_screen_name}`, post.text]);
  const more = result.owned - result.owned_posts.length;
  return more > 0 ? `${table.toString()}\n… and ${more} more owned posts` : table.toString();
}

/** The explanation as the CLI prints it: one table per list, a line where a list is empty. */
export function explanationText(result: Explanation, name: string): string {
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
  lines.push(floodsTable(result.floods), ownedTable(result));
  return lines.join('\n');
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      "why a show's day spiked: its unusually frequent words and hashtags, its most retweeted tweets, its most positive and negative posts, its copy-paste floods and its official accounts' posts",
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
            : explanationText(result, `${show.show_name} (${show.season})`),
        );
      } finally {
        await close();
      }
    });
}
