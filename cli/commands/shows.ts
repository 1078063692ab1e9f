import { Option, type Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { loadConfig, type Config } from '../../config/config';
import type { RegisteredShow } from '../../domain/buzz-docs';
import { SHEET_FORMS } from '../../domain/locations';
import { sheetArgument } from '../arguments';
import { connectClient } from '../../client/connection';
import { errorTable, syncSheet } from '../sheet-sync-run';
import { cliTable } from '../tables';

async function sync(config: Config, sheet: string, wait: boolean): Promise<void> {
  const { client, close } = await connectClient(config);
  try {
    await syncSheet(client, config, sheet, wait);
  } finally {
    await close();
  }
}

/** Each show's articles the last pageviews fetch could not get, by row: the titles to check in the sheet. */
function pageviewsWarnings(shows: RegisteredShow[]): string[] {
  return shows.flatMap((show) => {
    const fetch = show.pageviews_fetch;
    const where = `row ${show.sheet_row} (${show.show_key}), wikipedia_articles`;
    return [
      ...(fetch?.not_found ?? []).map(
        (article) => `  ${where}: ${article}: 404, the API has no views of this title (a typo, or a renamed article?)`,
      ),
      ...(fetch?.failed ?? []).map(({ article, error }) => `  ${where}: ${article}: ${error}`),
    ];
  });
}

async function list(config: Config, format: 'table' | 'json'): Promise<void> {
  const { repos, close } = openRepositories(config.elasticsearch);
  try {
    const [shows, syncs] = await Promise.all([repos.shows.all(), repos.shows.sheetSyncs()]);
    if (format === 'json') {
      console.log(JSON.stringify({ shows, syncs }, null, 2));
      return;
    }
    const table = cliTable(['show_key', 'status', 'launch', 'window', 'time zone', 'terms', 'last computed'], {
      rules: true,
    });
    for (const show of shows) {
      const c = show.config;
      const terms = [
        c.mandatory.length ? `all of: ${c.mandatory.map((t) => t.text).join(', ')}` : '',
        c.optional.length ? `any of: ${c.optional.map((t) => t.text).join(', ')}` : '',
        c.excluded.length ? `none of: ${c.excluded.map((t) => t.text).join(', ')}` : '',
      ].filter(Boolean);
      table.push([
        show.show_key,
        show.status,
        show.launch_date,
        `${show.window_start} … ${show.window_end}`,
        show.timezone,
        terms.join('\n'),
        show.last_computed_at ?? 'never',
      ]);
    }
    console.log(shows.length > 0 ? table.toString() : 'No shows yet: run `buzztracker shows sync --sheet <uri>`.');
    for (const s of syncs) {
      console.log(`\n${s.sheet} (synced ${s.synced_at}): ${s.rows} rows, ${s.valid} valid`);
      if (s.errors.length > 0) console.log(errorTable(s.errors));
    }
    const warnings = pageviewsWarnings(shows);
    if (warnings.length > 0)
      console.log(`\nWikipedia pageviews: the other articles and signals go on\n${warnings.join('\n')}`);
  } finally {
    await close();
  }
}

export function registerShowsCommands(program: Command): void {
  const shows = program.command('shows').description('the show seasons configured in the sheet');
  shows
    .command('sync')
    .description(
      'read the sheet, report bad rows, and start, update or stop the show workflows (exit 1 only when no row is valid)',
    )
    .requiredOption('--sheet <uri>', SHEET_FORMS, sheetArgument)
    .option('--wait', 'wait until the started and updated shows have computed their buzz')
    .action(async (options: { sheet: string; wait?: boolean }) =>
      sync(loadConfig(), options.sheet, options.wait ?? false),
    );
  shows
    .command('list')
    .description('each show: configuration, status, last computation; and the rows the last sync refused')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'json' }) => list(loadConfig(), options.format));
}
