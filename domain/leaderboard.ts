import { stringify } from 'csv-stringify/sync';
import { coverageOf, hasMetrics } from './buzz-coverage';
import type { DailyDoc, RegisteredShow } from './buzz-docs';
import {
  differencePValue,
  netSentimentInterval,
  netSentimentPValue,
  SIGNIFICANCE,
  type CountedWindow,
  type ScoredWindow,
} from './compare-counts';
import { BuzzError } from './errors';
import { estimatePopulation } from './estimates';
import { SAMPLE_RATE } from './sample-check';
import { fourDecimals } from './sentiment';
import { netSentiment } from './sentiment-metrics';

/** Days since launch, both ends included: `0..6` is launch day and the six after it. */
export interface LaunchWindow {
  from: number;
  to: number;
}

export const DEFAULT_WINDOW = '0..6';
/** At most a year of days: longer windows compare nothing a show's analysis window holds. */
const MAX_WINDOW_DAYS = 366;

/** What a leaderboard row counts of the window, each a metric to rank by; `peak_tweets` is its best day. */
const COUNTED = ['tweets', 'share_of_sample', 'unique_authors', 'peak_tweets'] as const;
/**
 * The metrics to rank by: the counts, and the estimate of all tweets. By tweets the ranking is
 * already by the estimate when every ranked window has one; by `est_tweets` a window without one
 * is not ranked. By `pageviews` (Wikipedia's, of the articles each show lists) only the windows
 * with every day's pageviews are ranked: with no tweet source needed, a 2019 launch and a 2026
 * one compare. By `net_sentiment` only complete windows with LEADERBOARD_MIN_SCORED scored posts.
 * By `organic_tweets` (docs/organic.md) as by tweets, of the windows whose days all have organic counts.
 */
export const LEADERBOARD_METRICS = [...COUNTED, 'est_tweets', 'pageviews', 'net_sentiment', 'organic_tweets'] as const;

/**
 * Scored posts a window needs to be ranked by net sentiment: below it, one post moves the figure
 * by more than 3 points, and the test that tells neighbours apart (a normal approximation) is not
 * to be trusted.
 */
export const LEADERBOARD_MIN_SCORED = 30;
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
  /**
   * How the rank reads: `2`, or `≈2` when the row cannot be told apart from the one above it at
   * 95% (by tweets: domain/compare-counts.ts); empty when unranked.
   */
  rank_text: string;
  /** The show_key of the row above that this one cannot be told apart from, if any. */
  same_as: string | null;
  /** The p-value of the difference with the next ranked row (by tweets); null for the last or when it cannot be tested. */
  p_value_next: number | null;
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
  /** The whole population's tweets over the window, with its 95% interval; null unless every day with data has an estimate. */
  est_tweets: number | null;
  est_tweets_low: number | null;
  est_tweets_high: number | null;
  /** Of `tweets`, those counted from a sample; the rest are a census. */
  sampled_tweets: number | null;
  /** Tweets per day of the window, null on a day without data: the sparkline. */
  daily_tweets: (number | null)[];
  /**
   * The window's Wikipedia pageviews: a full count of Wikimedia's (no sample, no interval), null
   * when no day has any; `pageviews_complete` when every day of the window has every article's.
   */
  pageviews: number | null;
  pageviews_days_with_data: number;
  /** Of those, days some article lacks (added since the last fetch). */
  pageviews_partial_days: number;
  pageviews_complete: boolean;
  daily_pageviews: (number | null)[];
  /** The window's matching posts with a sentiment score (docs/sentiment.md), and of those the positive and negative. */
  scored: number | null;
  positive: number | null;
  negative: number | null;
  /** (positive − negative) ÷ scored over the window, with its 95% interval; null when none is scored. */
  net_sentiment: number | null;
  net_sentiment_low: number | null;
  net_sentiment_high: number | null;
  /**
   * The window's matching posts by the show's own accounts, in copy-paste floods and in bursts
   * (docs/organic.md), and the rest: what the audience said, with its estimate of the whole
   * population's and the 95% interval. Null when no day has data, or a day was computed before
   * organic counts existed.
   */
  owned: number | null;
  flood: number | null;
  burst: number | null;
  organic_tweets: number | null;
  est_organic_tweets: number | null;
  est_organic_tweets_low: number | null;
  est_organic_tweets_high: number | null;
}

/** The CSV's columns (the API's `?format=csv`, `leaderboard --format csv`): the row less its sparkline. */
export const LEADERBOARD_CSV_COLUMNS = [
  'rank',
  'rank_text',
  'same_as',
  'p_value_next',
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
  ...COUNTED,
  'peak_days_since_launch',
  'est_tweets',
  'est_tweets_low',
  'est_tweets_high',
  'sampled_tweets',
  'pageviews',
  'pageviews_days_with_data',
  'pageviews_partial_days',
  'pageviews_complete',
  'scored',
  'positive',
  'negative',
  'net_sentiment',
  'net_sentiment_low',
  'net_sentiment_high',
  'owned',
  'flood',
  'burst',
  'organic_tweets',
  'est_organic_tweets',
  'est_organic_tweets_low',
  'est_organic_tweets_high',
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

type Ranking = 'rank' | 'rank_text' | 'same_as' | 'p_value_next';

/**
 * The window's estimate of a count: its sampled and census parts pooled (domain/estimates.ts),
 * when every day with data has one. A window of censuses alone has no sample part, not a sampled 0.
 */
function windowEstimate(measured: DailyDoc[], tweets: number, sampledOf: (day: DailyDoc) => number | null | undefined) {
  if (measured.length === 0 || measured.some((day) => day.sample_rate == null)) return undefined;
  const sampled = measured.some((day) => day.sample_rate! < 1)
    ? measured.reduce((sum, day) => sum + (sampledOf(day) ?? 0), 0)
    : null;
  const census = tweets - (sampled ?? 0);
  return {
    counted: { sampled, census },
    ...estimatePopulation([...(sampled === null ? [] : [{ n: sampled, rate: SAMPLE_RATE }]), { n: census, rate: 1 }]),
  };
}

type OrganicWindow = Pick<
  LeaderboardRow,
  | 'owned'
  | 'flood'
  | 'burst'
  | 'organic_tweets'
  | 'est_organic_tweets'
  | 'est_organic_tweets_low'
  | 'est_organic_tweets_high'
>;

/** What the noise test compares of a window, by the metric: its tweets and its organic tweets. */
interface Counted {
  counted?: CountedWindow;
  organicCounted?: CountedWindow;
}

/**
 * The window's organic counts summed over its days, when every day with data has them and its
 * sampled part (`sampled_organic_tweets`, null on a day without an estimate, absent on a day
 * computed before it existed).
 */
function windowOrganic(measured: DailyDoc[]): OrganicWindow & Pick<Counted, 'organicCounted'> {
  if (
    measured.length === 0 ||
    measured.some((day) => day.organic_tweets == null || day.sampled_organic_tweets === undefined)
  )
    return {
      owned: null,
      flood: null,
      burst: null,
      organic_tweets: null,
      est_organic_tweets: null,
      est_organic_tweets_low: null,
      est_organic_tweets_high: null,
    };
  const sum = (field: 'owned' | 'flood' | 'burst' | 'organic_tweets') =>
    measured.reduce((total, day) => total + day[field]!, 0);
  const organic = sum('organic_tweets');
  const estimate = windowEstimate(measured, organic, (day) => day.sampled_organic_tweets);
  return {
    owned: sum('owned'),
    flood: sum('flood'),
    burst: sum('burst'),
    organic_tweets: organic,
    est_organic_tweets: estimate?.est ?? null,
    est_organic_tweets_low: estimate?.low ?? null,
    est_organic_tweets_high: estimate?.high ?? null,
    organicCounted: estimate?.counted,
  };
}

function rowOf(
  { show, days, uniqueAuthors }: ShowWindow,
  window: LaunchWindow,
): Omit<LeaderboardRow, Ranking> & Counted {
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
  const estimate = windowEstimate(measured, tweets, (day) => day.sampled_tweets);
  const viewed = inWindow.filter((day) => day?.pageviews !== undefined).map((day) => day!.pageviews!);
  const sentiment = windowSentiment(measured);
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
    est_tweets: estimate?.est ?? null,
    est_tweets_low: estimate?.low ?? null,
    est_tweets_high: estimate?.high ?? null,
    sampled_tweets: estimate ? (estimate.counted.sampled ?? 0) : null,
    counted: estimate?.counted,
    daily_tweets: inWindow.map((day) => (day !== undefined && hasMetrics(day) ? day.tweets : null)),
    pageviews: viewed.length > 0 ? viewed.reduce((sum, views) => sum + views, 0) : null,
    pageviews_days_with_data: viewed.length,
    pageviews_partial_days: inWindow.filter((day) => day?.pageviews_coverage === 'partial').length,
    pageviews_complete: inWindow.every((day) => day?.pageviews_coverage === 'complete'),
    daily_pageviews: inWindow.map((day) => day?.pageviews ?? null),
    ...sentiment,
    ...windowOrganic(measured),
  };
}

/** A window ranked by net sentiment has its scored posts counted. */
const scoredOf = (row: Pick<LeaderboardRow, 'scored' | 'positive' | 'negative'>): ScoredWindow => ({
  scored: row.scored!,
  positive: row.positive!,
  negative: row.negative!,
});

/** The window's scored posts summed over its days (days computed before sentiment add none). */
function windowSentiment(
  measured: DailyDoc[],
): Pick<
  LeaderboardRow,
  'scored' | 'positive' | 'negative' | 'net_sentiment' | 'net_sentiment_low' | 'net_sentiment_high'
> {
  const sum = (field: 'scored' | 'positive' | 'negative') =>
    measured.reduce((total, day) => total + (day[field] ?? 0), 0);
  const counts = { scored: sum('scored'), positive: sum('positive'), negative: sum('negative') };
  if (measured.length === 0)
    return {
      scored: null,
      positive: null,
      negative: null,
      net_sentiment: null,
      net_sentiment_low: null,
      net_sentiment_high: null,
    };
  if (counts.scored === 0) return { ...counts, net_sentiment: null, net_sentiment_low: null, net_sentiment_high: null };
  const interval = netSentimentInterval(counts);
  return {
    ...counts,
    net_sentiment: netSentiment(counts),
    net_sentiment_low: fourDecimals(interval.low),
    net_sentiment_high: fourDecimals(interval.high),
  };
}

/**
 * Show seasons ranked by `metric` over `window`: complete windows first, then the incomplete ones,
 * unranked, by the same metric (no data last). By tweets, the ranking is of the estimated whole
 * population's tweets when every ranked window has an estimate (a sample and a census then
 * compare), and a row that the test of their difference cannot tell from the one above at 95%
 * shares its rank (`≈`); by `est_tweets` the same, with windows that have no estimate unranked.
 * By net sentiment, a row whose difference with the one above a z-test cannot tell at 95% shares
 * its rank (`≈`) too. By organic tweets as by tweets, of the organic counts and their estimate.
 * The other metrics rank 1, 2, 2, 4 on equal values. Ties and the unranked keep show_key order.
 */
export function leaderboard(shows: ShowWindow[], window: LaunchWindow, metric: LeaderboardMetric): LeaderboardRow[] {
  const rows = shows.map((show) => rowOf(show, window));
  const rankable = (row: (typeof rows)[number]) => {
    if (metric === 'pageviews') return row.pageviews_complete;
    if (metric === 'net_sentiment') return row.complete && (row.scored ?? 0) >= LEADERBOARD_MIN_SCORED;
    if (metric === 'organic_tweets') return row.complete && row.organic_tweets !== null;
    return row.complete && (metric !== 'est_tweets' || row.est_tweets !== null);
  };
  const complete = rows.filter(rankable);
  const organic = metric === 'organic_tweets';
  const estimateOf = (row: (typeof rows)[number]) => (organic ? row.est_organic_tweets : row.est_tweets);
  const countedOf = (row: (typeof rows)[number]) => (organic ? row.organicCounted : row.counted);
  const byEstimate =
    metric === 'est_tweets' ||
    ((metric === 'tweets' || organic) && complete.length > 0 && complete.every((row) => estimateOf(row) !== null));
  // Below every value a metric can take (net sentiment reaches -1): no data ranks last.
  const value = (row: (typeof rows)[number]) => (byEstimate ? estimateOf(row) : row[metric]) ?? -2;
  const order = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    value(b) - value(a) || a.show_key.localeCompare(b.show_key);
  const ranked = complete.sort(order);
  const flagged = rows.filter((row) => !rankable(row)).sort(order);
  const pValues = ranked.map((row, i) => {
    const next = ranked[i + 1];
    if (!next) return null;
    if (metric === 'net_sentiment') return netSentimentPValue(scoredOf(row), scoredOf(next));
    const [counted, nextCounted] = [countedOf(row), countedOf(next)];
    if ((metric !== 'tweets' && metric !== 'est_tweets' && !organic) || !counted || !nextCounted) return null;
    return differencePValue(counted, nextCounted, SAMPLE_RATE);
  });
  const out: LeaderboardRow[] = [];
  for (const [i, { counted: _counted, organicCounted: _organic, ...row }] of ranked.entries()) {
    const above = out[i - 1];
    // Competition ranking: one more than the windows strictly ahead; the same as the row above
    // when equal, or when noise cannot tell them apart.
    const alike =
      above !== undefined && (value(ranked[i - 1]!) === value(ranked[i]!) || (pValues[i - 1] ?? 0) >= SIGNIFICANCE);
    const rank = alike ? above.rank! : i + 1;
    const noise = alike && value(ranked[i - 1]!) !== value(ranked[i]!);
    out.push({
      rank,
      rank_text: noise ? `≈${rank}` : String(rank),
      same_as: noise ? above.show_key : null,
      p_value_next: pValues[i] ?? null,
      ...row,
    });
  }
  for (const { counted: _counted, organicCounted: _organic, ...row } of flagged)
    out.push({ rank: null, rank_text: '', same_as: null, p_value_next: null, ...row });
  return out;
}
