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

/** A leaderboard column: its header and its cell of a row. */
type Column = [string, (row: LeaderboardRow) => string | number];

/** Rank, show and launch: the first columns of every leaderboard. */
const WHO: Column[] = [
  ['rank', (row) => (row.rank === null ? '—' : row.rank_text)],
  ['show', (row) => `${row.show_name} (${row.season})`],
  ['launch', (row) => row.launch_date],
];

function rankedTable(rows: LeaderboardRow[], columns: Column[]): string {
  const out = cliTable([...WHO, ...columns].map(([header]) => header));
  for (const row of rows) out.push([...WHO, ...columns].map(([, cell]) => cell(row)));
  return out.toString();
}

/** One line per row that shares its rank because noise cannot tell it from the one above. */
function alikeLines(rows: LeaderboardRow[]): string[] {
  return rows
    .filter((row) => row.same_as !== null)
    .map(
      (row) =>
        `≈ ${row.show_name} (${row.season}) cannot be told apart from ${rows.find((other) => other.show_key === row.same_as)?.show_name ?? row.same_as} at 95%`,
    );
}

/** "+0.2500 (+0.1200 … +0.3800)": a net sentiment with its 95% interval, signed. */
function netText(row: LeaderboardRow): string {
  if (row.net_sentiment === null) return '';
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
  return `${signed(row.net_sentiment)} (${signed(row.net_sentiment_low!)} … ${signed(row.net_sentiment_high!)})`;
}

const LEADERBOARD_COLUMNS: Record<'tweets' | 'pageviews' | 'net_sentiment' | 'organic_tweets', Column[]> = {
  tweets: [
    ['tweets', (row) => row.tweets ?? ''],
    ['all tweets, est. (95%)', (row) => estimateText(row.est_tweets, row.est_tweets_low, row.est_tweets_high)],
    ['share of sample', (row) => percent(row.share_of_sample)],
    ['unique authors', (row) => row.unique_authors ?? ''],
    ['peak day', (row) => row.peak_days_since_launch ?? ''],
    ['peak tweets', (row) => row.peak_tweets ?? ''],
    ['days', completenessText],
  ],
  // Each window's views and how many of its days have them, the tweets beside.
  pageviews: [
    ['Wikipedia pageviews', (row) => row.pageviews ?? ''],
    [
      'pageview days',
      (row) =>
        completenessText({
          days: row.days,
          days_with_data: row.pageviews_days_with_data,
          partial_days: row.pageviews_partial_days,
        }),
    ],
    ['tweets', (row) => row.tweets ?? ''],
    ['tweet days', completenessText],
  ],
  // With its interval and the scored posts it rests on.
  net_sentiment: [
    ['net sentiment (95%)', netText],
    ['positive', (row) => row.positive ?? ''],
    ['negative', (row) => row.negative ?? ''],
    ['scored', (row) => row.scored ?? ''],
    ['tweets', (row) => row.tweets ?? ''],
    ['days', completenessText],
  ],
  // What the audience said, estimated as tweets are, and what was set apart from it.
  organic_tweets: [
    ['organic tweets', (row) => row.organic_tweets ?? ''],
    [
      'all organic, est. (95%)',
      (row) => estimateText(row.est_organic_tweets, row.est_organic_tweets_low, row.est_organic_tweets_high),
    ],
    ['owned', (row) => row.owned ?? ''],
    ['flood', (row) => row.flood ?? ''],
    ['burst', (row) => row.burst ?? ''],
    ['tweets', (row) => row.tweets ?? ''],
    ['days', completenessText],
  ],
};

/**
 * The leaderboard as a table of the metric's columns: a rank where the window is wholly ingested,
 * `—` where not; `≈2` where the show cannot be told apart from the one above at 95%, said under it.
 */
export function leaderboardTable(rows: LeaderboardRow[], metric: LeaderboardMetric): string {
  const columns =
    (LEADERBOARD_COLUMNS as Partial<Record<LeaderboardMetric, Column[]>>)[metric] ?? LEADERBOARD_COLUMNS.tweets;
  return [rankedTable(rows, columns), ...alikeLines(rows)].join('\n');
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
