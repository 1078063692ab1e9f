import { stringify } from 'csv-stringify/sync';
import { coverageOf, hasMetrics } from './buzz-coverage';
import type { DailyDoc, RegisteredShow } from './buzz-docs';
import { BuzzError } from './errors';

/** Days since launch, both ends included: `0..6` is launch day and the six after it. */
export interface LaunchWindow {
  from: number;
  to: number;
}

export const DEFAULT_WINDOW = '0..6';
/** At most a year of days: longer windows compare nothing a show's analysis window holds. */
const MAX_WINDOW_DAYS = 366;

/** What the leaderboard ranks by; `peak_tweets` is the window's best day. */
export const LEADERBOARD_METRICS = ['tweets', 'share_of_sample', 'unique_authors', 'peak_tweets'] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

export function parseWindow(text: string): LaunchWindow {
  const match = /^(-?\d{1,4})\.\.(-?\d{1,4})$/.exec(text.trim());
  if (!match) throw new BuzzError('bad_input', `window "${text}": days since launch as FROM..TO, e.g. 0..6 or -7..-1`);
  const window = { from: Number(match[1]), to: Number(match[2]) };
  if (window.from > window.to) throw new BuzzError('bad_input', `window "${text}": FROM is after TO`);
  if (window.to - window.from + 1 > MAX_WINDOW_DAYS)
    throw new BuzzError('bad_input', `window "${text}": at most ${MAX_WINDOW_DAYS} days`);
  return window;
}

export function windowText(window: LaunchWindow): string {
  return `${window.from}..${window.to}`;
}

/**
 * One show season over one window relative to its own launch. Its metrics add up the window's
 * days with data; `complete` only when every day of the window was wholly ingested — the only
 * windows that are ranked (`rank` null otherwise: flagged, never silently compared).
 */
export interface LeaderboardRow {
  rank: number | null;
  show_key: string;
  show_name: string;
  season: string;
  launch_date: string;
  timezone: string;
  window: string;
  days: number;
  days_with_data: number;
  partial_days: number;
  complete: boolean;
  tweets: number | null;
  /** The window's matching tweets ÷ the statuses ingested on its days: fair across sample sizes. */
  share_of_sample: number | null;
  /** Distinct authors over the whole window (not a sum of days). */
  unique_authors: number | null;
  peak_tweets: number | null;
  peak_days_since_launch: number | null;
  /** Tweets per day of the window, null on a day without data: the sparkline. */
  daily_tweets: (number | null)[];
}

/** The CSV's columns (the API's `?format=csv`, `leaderboard --format csv`): the row less its sparkline. */
export const LEADERBOARD_CSV_COLUMNS = [
  'rank',
  'show_key',
  'show_name',
  'season',
  'launch_date',
  'timezone',
  'window',
  'days',
  'days_with_data',
  'partial_days',
  'complete',
  ...LEADERBOARD_METRICS,
  'peak_days_since_launch',
] as const satisfies readonly (keyof LeaderboardRow)[];

/** The leaderboard as CSV: booleans as true/false, empty cells where a metric has no value. */
export function leaderboardCsv(rows: LeaderboardRow[]): string {
  return stringify(rows, {
    header: true,
    columns: [...LEADERBOARD_CSV_COLUMNS],
    cast: { boolean: (value) => String(value) },
  });
}

/** "7 of 7", or "5 of 7 with data, 1 partial": how much of the window was ingested. */
export function completenessText(row: Pick<LeaderboardRow, 'days' | 'days_with_data' | 'partial_days'>): string {
  if (row.days_with_data === row.days && row.partial_days === 0) return `${row.days} of ${row.days}`;
  const partial = row.partial_days > 0 ? `, ${row.partial_days} partial` : '';
  return `${row.days_with_data} of ${row.days} with data${partial}`;
}

export interface ShowWindow {
  show: Pick<RegisteredShow, 'show_key' | 'show_name' | 'season' | 'launch_date' | 'timezone'>;
  /** The show's buzz-daily documents (any days; those outside the window are ignored). */
  days: DailyDoc[];
  /** Distinct authors of its matching tweets over the window's days. */
  uniqueAuthors: number;
}

function rowOf({ show, days, uniqueAuthors }: ShowWindow, window: LaunchWindow): Omit<LeaderboardRow, 'rank'> {
  const offsets = Array.from({ length: window.to - window.from + 1 }, (_, i) => window.from + i);
  const byOffset = new Map(days.map((day) => [day.days_since_launch, day]));
  // A window day the show's analysis window does not hold has no document: no data.
  const inWindow = offsets.map((offset) => byOffset.get(offset));
  const measured = inWindow.filter((day): day is DailyDoc & { tweets: number } => day !== undefined && hasMetrics(day));
  const tweets = measured.reduce((sum, day) => sum + day.tweets, 0);
  const statuses = measured.reduce((sum, day) => sum + (day.statuses_in_sample ?? 0), 0);
  const peak = measured.reduce<(typeof measured)[number] | undefined>(
    (best, day) => (best === undefined || day.tweets > best.tweets ? day : best),
    undefined,
  );
  const any = measured.length > 0;
  return {
    show_key: show.show_key,
    show_name: show.show_name,
    season: show.season,
    launch_date: show.launch_date,
    timezone: show.timezone,
    window: windowText(window),
    days: offsets.length,
    days_with_data: measured.length,
    partial_days: measured.filter((day) => coverageOf(day) === 'partial').length,
    complete: inWindow.every((day) => day !== undefined && coverageOf(day) === 'complete'),
    tweets: any ? tweets : null,
    share_of_sample: any && statuses > 0 ? tweets / statuses : null,
    unique_authors: any ? uniqueAuthors : null,
    peak_tweets: peak?.tweets ?? null,
    peak_days_since_launch: peak?.days_since_launch ?? null,
    daily_tweets: inWindow.map((day) => (day !== undefined && hasMetrics(day) ? day.tweets : null)),
  };
}

/**
 * Show seasons ranked by `metric` over `window`: complete windows first, ranked 1, 2, 2, 4 (ties
 * share a rank); then the incomplete ones, unranked, by the same metric (no data last). Ties and
 * the unranked keep show_key order.
 */
export function leaderboard(shows: ShowWindow[], window: LaunchWindow, metric: LeaderboardMetric): LeaderboardRow[] {
  const rows = shows.map((show) => rowOf(show, window));
  const value = (row: (typeof rows)[number]) => row[metric] ?? -1;
  const order = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    value(b) - value(a) || a.show_key.localeCompare(b.show_key);
  const ranked = rows.filter((row) => row.complete).sort(order);
  const flagged = rows.filter((row) => !row.complete).sort(order);
  return [
    // Competition ranking: one more than the complete windows strictly ahead.
    ...ranked.map((row) => ({ rank: 1 + ranked.filter((other) => value(other) > value(row)).length, ...row })),
    ...flagged.map((row) => ({ rank: null, ...row })),
  ];
}
