import type { Repositories } from '../../adapters/repositories';
import { buzzTotals, hasMetrics } from '../../domain/buzz-coverage';
import type { DailyDoc } from '../../domain/buzz-docs';
import { totalsText } from '../../domain/buzz-format';
import { thousands } from '../../domain/estimates';
import { parseWindow } from '../../domain/leaderboard';
import { readLeaderboard } from '../../services/leaderboard';
import { alertsTable, leaderboardTable } from '../tables';
import { cliTable } from '../tables';

/** "812,345 over 36 of 36 days": a window's pageviews and the days they cover (UTC days, people only). */
function pageviewsText(days: DailyDoc[]): string {
  const viewed = days.filter((day) => day.pageviews !== undefined);
  if (!days.some((day) => day.pageviews_coverage !== undefined)) return 'no article listed';
  const total = viewed.reduce((sum, day) => sum + day.pageviews!, 0);
  return `${thousands(total)} over ${viewed.length} of ${days.length} days`;
}

/** Each active show's window total (saying which days it covers) and its peak day. */
export async function printBuzz(repos: Repositories): Promise<void> {
  const table = cliTable([
    'show',
    'launch',
    'time zone',
    'window total',
    'peak day',
    'days since launch',
    'peak tweets',
    'unique authors',
    'Wikipedia pageviews',
  ]);
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
      pageviewsText(days),
    ]);
  }
  console.log('\nbuzz: each show over its window (`buzztracker buzz --show <name>`)');
  console.log(table.toString());
}

/** The launch week's leaderboard: every sample show ranked over days 0..6 since its launch. */
export async function printLeaderboard(repos: Repositories): Promise<void> {
  const rows = await readLeaderboard(repos, parseWindow('0..6'), 'tweets');
  console.log('\nleaderboard: the launch week, days 0..6 (`buzztracker leaderboard`)');
  console.log(leaderboardTable(rows, 'tweets'));
}

/** The spike alerts the sample raised (recorded, not sent: no webhook, and the days are old). */
export async function printAlerts(repos: Repositories): Promise<void> {
  const alerts = await repos.alerts.list();
  console.log('\nalerts: spike days (`buzztracker alerts`)');
  console.log(alerts.length > 0 ? alertsTable(alerts) : 'No spike alerts.');
}
