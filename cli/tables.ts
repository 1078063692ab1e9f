import Table from 'cli-table3';
import { ALERT_COLUMNS, alertRow, type AlertRecord } from '../domain/alerts';
import { estimateText, thousands } from '../domain/estimates';
import type { DayManifest } from '../domain/ingest-manifests';
import type { SampleVerdict } from '../domain/sample-check';
import { completenessText, type LeaderboardMetric, type LeaderboardRow } from '../domain/leaderboard';

/* The tables more than one command prints (and the demo), and how every table of the CLI looks. */

/** No rule between rows: a table of one-line rows reads in half the lines. */
const ONE_LINE_ROWS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * A table as the CLI prints them: plain headers; with `rules`, a rule between rows, for tables
 * whose cells run over several lines.
 */
export function cliTable(head: string[], options: { rules?: boolean } = {}): Table.Table {
  return new Table({ head, style: { head: [], border: [] }, ...(options.rules ? {} : { chars: ONE_LINE_ROWS }) });
}

const SAMPLE_VERDICT_TEXT: Record<SampleVerdict, string> = { sample: 'yes', not_sample: 'NO', unknown: 'unknown' };

/** Ingested days: what each read, kept and indexed. */
export function manifestTable(manifests: DayManifest[]): string {
  const table = cliTable([
    'day',
    'complete',
    'lines',
    'kept',
    'filtered out',
    'notices',
    'malformed',
    'indexed',
    'deletes applied',
    'failed members',
    'JSON MB',
    'seconds',
  ]);
  for (const m of manifests) {
    const t = m.totals;
    table.push([
      m.day,
      m.complete ? 'yes' : 'no',
      SAMPLE_VERDICT_TEXT[m.sample_check.verdict],
      thousands(t.lines),
      thousands(t.kept),
      thousands(t.filtered_out),
      thousands(t.notices),
      thousands(t.malformed),
      thousands(t.indexed),
      thousands(t.deletes_applied),
      t.members_failed,
      (t.bytes_json / 1e6).toFixed(1),
      m.seconds.toFixed(1),
    ]);
  }
  return table.toString();
}

const percent = (share: number | null) => (share === null ? '' : `${(share * 100).toFixed(3)}%`);

/**
 * The leaderboard: a rank where the window is wholly ingested, `—` where not; `≈2` where the
 * show cannot be told apart from the one above at 95%, said under the table.
 */
export function leaderboardTable(rows: LeaderboardRow[], metric: LeaderboardMetric): string {
  if (metric === 'pageviews') return pageviewsLeaderboardTable(rows);
  const out = cliTable([
    'rank',
    'show',
    'launch',
    'tweets',
    'all tweets, est. (95%)',
    'share of sample',
    'unique authors',
    'peak day',
    'peak tweets',
    'days',
  ]);
  for (const row of rows)
    out.push([
      row.rank === null ? '—' : row.rank_text,
      `${row.show_name} (${row.season})`,
      row.launch_date,
      row.tweets ?? '',
      estimateText(row.est_tweets, row.est_tweets_low, row.est_tweets_high),
      percent(row.share_of_sample),
      row.unique_authors ?? '',
      row.peak_days_since_launch ?? '',
      row.peak_tweets ?? '',
      completenessText(row),
    ]);
  const alike = rows.filter((row) => row.same_as !== null);
  return [
    out.toString(),
    ...alike.map(
      (row) =>
        `≈ ${row.show_name} (${row.season}) cannot be told apart from ${rows.find((other) => other.show_key === row.same_as)?.show_name ?? row.same_as} at 95%`,
    ),
  ].join('\n');
}

/** Ranked by Wikipedia pageviews: each window's views and how many of its days have them, the tweets beside. */
function pageviewsLeaderboardTable(rows: LeaderboardRow[]): string {
  const out = cliTable(['rank', 'show', 'launch', 'Wikipedia pageviews', 'pageview days', 'tweets', 'tweet days']);
  for (const row of rows)
    out.push([
      row.rank === null ? '—' : row.rank_text,
      `${row.show_name} (${row.season})`,
      row.launch_date,
      row.pageviews ?? '',
      completenessText({
        days: row.days,
        days_with_data: row.pageviews_days_with_data,
        partial_days: row.pageviews_partial_days,
      }),
      row.tweets ?? '',
      completenessText(row),
    ]);
  return out.toString();
}

/** Spike alerts, newest first; headers in lower case, as in the CLI's other tables. */
export function alertsTable(alerts: AlertRecord[]): string {
  const out = cliTable(ALERT_COLUMNS.map((column) => column.label.toLowerCase()));
  for (const alert of alerts) {
    const row = alertRow(alert);
    out.push(ALERT_COLUMNS.map((column) => row[column.field]));
  }
  return out.toString();
}
