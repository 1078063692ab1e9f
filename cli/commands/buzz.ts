import { stringify } from 'csv-stringify/sync';
import { Option, type Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { loadConfig } from '../../config/config';
import { authorsText } from '../../domain/author-estimates';
import { buzzTotals } from '../../domain/buzz-coverage';
import {
  BUZZ_METRICS,
  BUZZ_SOURCES,
  buzzCsv,
  buzzRows,
  netSentimentText,
  totalsText,
  type BuzzSource,
} from '../../domain/buzz-format';
import { hourStartMs } from '../../domain/days';
import { estimateText } from '../../domain/estimates';
import type { HourRow } from '../../domain/hourly-buzz';
import type { RegisteredShow } from '../../domain/buzz-docs';
import { BuzzError } from '../../domain/errors';
import { pageviewsCsv, type PageviewsRow } from '../../domain/pageviews-format';
import { readDailyBuzz, readHourlyBuzz, readPageviewsBuzz } from '../../services/read-buzz';
import { hourArgument, positiveInt } from '../arguments';
import { cliTable } from '../tables';

interface BuzzOptions {
  show: string;
  season?: string;
  format: 'table' | 'json' | 'csv';
  source: BuzzSource;
  hourly?: boolean;
  hours: number;
  until?: string;
}

const HOURLY_COLUMNS = ['hour', 'source', 'coverage', ...BUZZ_METRICS] as const satisfies readonly (keyof HourRow)[];

/** A show's pageviews day by day; a day without data has empty cells (null in JSON), never 0. */
function printPageviews(show: RegisteredShow, rows: PageviewsRow[], options: BuzzOptions): void {
  if (options.format === 'json') console.log(JSON.stringify(rows, null, 2));
  else if (options.format === 'csv') process.stdout.write(pageviewsCsv(rows));
  else {
    const table = cliTable(['date', 'days since launch', 'coverage', 'pageviews', 'per article'], { rules: true });
    for (const row of rows)
      table.push([
        row.date,
        row.days_since_launch,
        row.coverage,
        row.pageviews ?? '',
        Object.entries(row.by_article)
          .map(([article, views]) => `${article}: ${views ?? 'no data'}`)
          .join('\n'),
      ]);
    console.log(
      `${show.show_name} season ${show.season} (${show.show_key}), Wikipedia pageviews (UTC days, people only)`,
    );
    console.log(table.toString());
    const withData = rows.filter((row) => row.pageviews !== null);
    const total = withData.reduce((sum, row) => sum + row.pageviews!, 0);
    console.log(`total: ${total} pageviews over ${withData.length} of ${rows.length} days`);
  }
}

/**
 * Hour rows of one source, or of all of them with `--source all` (the total and each source). An
 * hour with nothing ingested from the source has empty cells (null in JSON): no data, not zero.
 */
function printHourly(rows: HourRow[], options: BuzzOptions): void {
  const shown = rows.filter((row) => options.source === 'all' || row.source === options.source);
  if (options.format === 'json') console.log(JSON.stringify(shown, null, 2));
  else if (options.format === 'csv')
    process.stdout.write(stringify(shown, { header: true, columns: [...HOURLY_COLUMNS] }));
  else {
    const table = cliTable([...HOURLY_COLUMNS]);
    for (const row of shown) table.push(HOURLY_COLUMNS.map((column) => row[column] ?? ''));
    console.log(table.toString());
  }
}

export function registerBuzzCommand(program: Command): void {
  program
    .command('buzz')
    .description("print a show season's buzz, day by day around its launch")
    .requiredOption('--show <name>', 'show name or show_key')
    .option('--season <n>', 'season, when the show has several')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .addOption(new Option('--source <source>', 'the documents to count').choices(BUZZ_SOURCES).default('all'))
    .option('--hourly', 'hour by hour over the last hours (UTC), in total and per source')
    .option('--hours <n>', 'with --hourly: how many hours back', positiveInt, 48)
    .option(
      '--until <hour>',
      'with --hourly: the last hour shown, YYYY-MM-DDTHH (UTC); default: the current one',
      hourArgument,
    )
    .action(async (options: BuzzOptions) => {
      const config = loadConfig();
      const { repos, close } = openRepositories(config.elasticsearch);
      try {
        const show = await repos.shows.find(options.show, options.season);
        if (options.source === 'wikipedia') {
          if (options.hourly) throw new BuzzError('bad_input', '--hourly: Wikipedia pageviews are daily');
          printPageviews(show, await readPageviewsBuzz(repos, show), options);
          return;
        }
        if (options.hourly) {
          const until = options.until === undefined ? Date.now() : hourStartMs(options.until);
          printHourly(await readHourlyBuzz(repos, show.config, options.hours, until), options);
          return;
        }
        const days = await readDailyBuzz(repos, show, options.source);
        if (options.format === 'json') console.log(JSON.stringify(buzzRows(days, options.source), null, 2));
        else if (options.format === 'csv') process.stdout.write(buzzCsv(days));
        else {
          const withPageviews = show.config.wikipedia_articles !== undefined;
          const table = cliTable(
            [
              'date',
              'days since launch',
              'coverage',
              'tweets',
              'all tweets, est. (95%)',
              'original',
              'retweets',
              'unique authors',
              'all authors (95%)',
              'share of sample',
              'net sentiment',
              'per term',
              ...(withPageviews ? ['Wikipedia pageviews'] : []),
            ],
            { rules: true },
          );
          // A day with nothing ingested: "none" and empty cells; a partly ingested one: "partial".
          const cell = (value: number | null) => value ?? '';
          for (const d of buzzRows(days)) {
            table.push([
              d.date,
              d.days_since_launch,
              d.coverage,
              cell(d.tweets),
              d.coverage === 'none'
                ? ''
                : estimateText(d.est_tweets, d.est_tweets_low, d.est_tweets_high) || 'no estimate',
              cell(d.original_tweets),
              cell(d.retweets),
              cell(d.unique_authors),
              d.coverage === 'none'
                ? ''
                : authorsText(d.est_unique_authors, d.est_unique_authors_low, d.est_unique_authors_high) ||
                  'no estimate',
              d.share_of_sample === null ? '' : `${(d.share_of_sample * 100).toFixed(3)}%`,
              netSentimentText(d, d.tweets),
              d.coverage === 'none'
                ? ''
                : Object.entries(d.terms)
                    .map(([term, tweets]) => `${term}: ${tweets}`)
                    .join('\n'),
              ...(withPageviews
                ? [d.pageviews_coverage === 'partial' ? `${d.pageviews} (partial)` : cell(d.pageviews)]
                : []),
            ]);
          }
          console.log(
            `${show.show_name} season ${show.season} (${show.show_key}), launch ${show.launch_date}, ${show.timezone}${options.source === 'all' ? '' : `, ${options.source} only`}`,
          );
          console.log(table.toString());
          console.log(`total: ${totalsText(buzzTotals(days))}`);
        }
      } finally {
        await close();
      }
    });
}
