import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { buzzReader } from '../adapters/buzz-reader';
import { createElasticsearchClient } from '../adapters/elasticsearch';
import { loadConfig } from '../config/config';
import { buzzTotals } from '../domain/buzz-coverage';
import { buzzCsv, buzzRows, totalsText } from '../domain/buzz-format';
import { indexNames } from '../domain/index-names';

export function registerBuzzCommand(program: Command): void {
  program
    .command('buzz')
    .description("print a show season's buzz, day by day around its launch")
    .requiredOption('--show <name>', 'show name or show_key')
    .option('--season <n>', 'season, when the show has several')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .action(async (options: { show: string; season?: string; format: 'table' | 'json' | 'csv' }) => {
      const config = loadConfig();
      const es = createElasticsearchClient(config.elasticsearch);
      try {
        const reader = buzzReader(es, indexNames(config.elasticsearch.indexPrefix));
        const show = await reader.findShow(options.show, options.season);
        const days = await reader.dailyBuzz(show.show_key);
        if (options.format === 'json') console.log(JSON.stringify(buzzRows(days), null, 2));
        else if (options.format === 'csv') process.stdout.write(buzzCsv(days));
        else {
          const table = new Table({
            head: [
              'date',
              'days since launch',
              'coverage',
              'tweets',
              'original',
              'retweets',
              'unique authors',
              'share of sample',
              'per term',
            ],
            style: { head: [], border: [] },
          });
          // A day with nothing ingested: "none" and empty cells; a partly ingested one: "partial".
          const cell = (value: number | null) => value ?? '';
          for (const d of buzzRows(days)) {
            table.push([
              d.date,
              d.days_since_launch,
              d.coverage,
              cell(d.tweets),
              cell(d.original_tweets),
              cell(d.retweets),
              cell(d.unique_authors),
              d.share_of_sample === null ? '' : `${(d.share_of_sample * 100).toFixed(3)}%`,
              d.coverage === 'none'
                ? ''
                : Object.entries(d.terms)
                    .map(([term, tweets]) => `${term}: ${tweets}`)
                    .join('\n'),
            ]);
          }
          console.log(
            `${show.show_name} season ${show.season} (${show.show_key}), launch ${show.launch_date}, ${show.timezone}`,
          );
          console.log(table.toString());
          console.log(`total: ${totalsText(buzzTotals(days))}`);
        }
      } finally {
        await es.close();
      }
    });
}
