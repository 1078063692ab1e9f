import { stringify } from 'csv-stringify/sync';
import { coverageOf, hasMetrics, type BuzzTotals, type Coverage } from './buzz-coverage';
import type { DailyDoc } from './buzz-docs';
import { ESTIMATE_FIELDS, type EstimateFields } from './day-estimates';
import { ORGANIC_FIELDS, type OrganicFields } from './organic';
import { SENTIMENT_FIELDS, type SentimentFields } from './sentiment-metrics';
import { SOURCES, type Source } from './tweet';

/** What `buzz --source` and the API's `?source=` take: every tweet source together, one, or Wikipedia's pageviews. */
export const BUZZ_SOURCES = ['all', ...SOURCES, 'wikipedia'] as const;
export type BuzzSource = (typeof BUZZ_SOURCES)[number];

/** The metrics every output gives of a day or an hour, by the names of SPEC "Buzz metrics". */
export const BUZZ_METRICS = ['tweets', 'original_tweets', 'retweets', 'unique_authors', 'share_of_sample'] as const;

/** A day's or an hour's metrics: all null where nothing was ingested (coverage `none`). */
export type BuzzMetricValues = Record<(typeof BUZZ_METRICS)[number], number | null>;

/** A row's sentiment: every field null where it has none, and why (`no_sentiment`). */
export type SentimentValues = { [K in keyof SentimentFields]: SentimentFields[K] | null } & {
  no_sentiment: string | null;
};

/**
 * A row's organic counts (domain/organic.ts): null where nothing was ingested, and on a day computed
 * before they existed.
 */
export type OrganicValues = Record<(typeof ORGANIC_FIELDS)[number], number | null>;

/** A row's organic counts as a document stores them: null where it has none. */
export function organicValues(fields: Partial<OrganicFields> = {}): OrganicValues {
  return Object.fromEntries(ORGANIC_FIELDS.map((field) => [field, fields[field] ?? null])) as OrganicValues;
}

/**
 * A day as the API and `buzz --format json` give it: the metric names of SPEC "Buzz metrics", with
 * the day's coverage. A day with nothing ingested (`coverage: "none"`) has null for every metric
 * and every term — no value, never 0.
 */
export interface BuzzRow extends BuzzMetricValues, EstimateFields, SentimentValues, OrganicValues {
  show_key: string;
  show_name: string;
  season: string;
  date: string;
  /** The documents counted: every source (`all`), or one. */
  source: Source | 'all';
  days_since_launch: number;
  coverage: Coverage;
  statuses_in_sample: number | null;
  data_complete: boolean;
  terms: Record<string, number | null>;
  /** The show's Wikipedia pageviews that day (domain/pageviews.ts): null without data; both null when it lists no article. */
  pageviews: number | null;
  pageviews_coverage: Coverage | null;
}

/** The first columns of every CSV of days: which show, which day, how much of it there is data for. */
export const DAY_COLUMNS = ['show_key', 'show_name', 'season', 'date', 'days_since_launch', 'coverage'] as const;

/** The CSV's columns (the API's `?format=csv`, `buzz --format csv`, the dashboard's download), before one `term:<text>` per term. */
export const BUZZ_CSV_COLUMNS = [
  ...DAY_COLUMNS,
  ...BUZZ_METRICS,
  ...ESTIMATE_FIELDS,
  ...SENTIMENT_FIELDS,
  'no_sentiment',
  'data_complete',
  'pageviews',
  'pageviews_coverage',
  ...ORGANIC_FIELDS,
] as const satisfies readonly (keyof BuzzRow)[];

/** Each show's search terms, in the order its documents list them. */
function termsByShow(days: DailyDoc[]): Map<string, string[]> {
  const terms = new Map<string, Set<string>>();
  for (const day of days) {
    const show = terms.get(day.show_key) ?? new Set<string>();
    terms.set(day.show_key, show);
    if (hasMetrics(day)) day.term_counts.forEach((count) => show.add(count.term));
  }
  return new Map([...terms].map(([show, set]) => [show, [...set]]));
}

const COMPUTED_BEFORE = (what: string) => `computed before ${what} existed: compute the show again`;

/** A document's estimates: none on a day with nothing ingested, or on one computed before they existed. */
function estimatesOf(d: DailyDoc): EstimateFields {
  const fields = (why: string | null, whyNoAuthors: string | null) =>
    Object.fromEntries(
      ESTIMATE_FIELDS.map((field) => [
        field,
        field === 'no_estimate' ? why : field === 'no_authors_estimate' ? whyNoAuthors : (d[field] ?? null),
      ]),
    ) as unknown as EstimateFields;
  if (!hasMetrics(d)) return fields('nothing was ingested', 'nothing was ingested');
  if (d.no_estimate === undefined) return fields(COMPUTED_BEFORE('estimates'), COMPUTED_BEFORE('estimates'));
  return fields(
    d.no_estimate,
    d.no_authors_estimate ?? (d.est_unique_authors_high == null ? COMPUTED_BEFORE('author estimates') : null),
  );
}

/** Why a row with matching posts can have no sentiment. */
export const NO_SCORED_POST =
  'no matching post has a score: only English posts are scored, and days indexed before sentiment existed until reindexed';

/**
 * A row's net sentiment in a table cell, with how many posts it rests on: "+0.42 of 57 scored";
 * "none scored" when matching posts have no score; empty without matching posts or data.
 */
export function netSentimentText(values: SentimentValues, tweets: number | null): string {
  const { net_sentiment: net, scored } = values;
  if (net !== null && scored !== null) return `${net > 0 ? '+' : ''}${net.toFixed(2)} of ${scored} scored`;
  return tweets ? 'none scored' : '';
}

/** Every sentiment field null, and why. */
export function noSentimentValues(why: string): SentimentValues {
  return {
    ...(Object.fromEntries(SENTIMENT_FIELDS.map((field) => [field, null])) as Record<keyof SentimentFields, null>),
    no_sentiment: why,
  };
}

/** Measured sentiment of `tweets` matching posts, with the reason its summaries are null when none was scored. */
export function sentimentValues(fields: SentimentFields, tweets: number): SentimentValues {
  const { scored, positive, neutral, negative, net_sentiment, mean_sentiment } = fields;
  return {
    scored,
    positive,
    neutral,
    negative,
    net_sentiment,
    mean_sentiment,
    no_sentiment: scored > 0 ? null : tweets > 0 ? NO_SCORED_POST : 'no matching post',
  };
}

/** A document's sentiment: none on a day with nothing ingested, or on one computed before sentiment existed. */
function sentimentOf(d: DailyDoc): SentimentValues {
  if (!hasMetrics(d)) return noSentimentValues('nothing was ingested');
  if (d.scored === undefined) return noSentimentValues(COMPUTED_BEFORE('sentiment'));
  return sentimentValues(d as SentimentFields, d.tweets);
}

export function buzzRows(days: DailyDoc[], source: BuzzRow['source'] = 'all'): BuzzRow[] {
  const terms = termsByShow(days);
  return days.map((d) => ({
    show_key: d.show_key,
    show_name: d.show_name,
    season: d.season,
    date: d.date,
    source,
    days_since_launch: d.days_since_launch,
    coverage: coverageOf(d),
    tweets: d.tweets ?? null,
    original_tweets: d.original_tweets ?? null,
    retweets: d.retweets ?? null,
    unique_authors: d.unique_authors ?? null,
    share_of_sample: d.share_of_sample ?? null,
    statuses_in_sample: d.statuses_in_sample ?? null,
    ...estimatesOf(d),
    ...sentimentOf(d),
    ...organicValues(d),
    data_complete: d.data_complete,
    terms: hasMetrics(d)
      ? Object.fromEntries(d.term_counts.map((t) => [t.term, t.tweets]))
      : Object.fromEntries(terms.get(d.show_key)!.map((term) => [term, null])),
    pageviews: d.pageviews ?? null,
    pageviews_coverage: d.pageviews_coverage ?? null,
  }));
}

/**
 * CSV with one column per search term (term:<text>; of several shows, every show's terms, empty
 * for the others). A day with nothing ingested has empty metric cells.
 */
export function buzzCsv(days: DailyDoc[]): string {
  const terms = [...new Set([...termsByShow(days).values()].flat())];
  const records = buzzRows(days).map(({ terms: counts, ...row }) => ({
    ...row,
    ...Object.fromEntries(terms.map((term) => [`term:${term}`, counts[term] ?? null])),
  }));
  const columns = [...BUZZ_CSV_COLUMNS, ...terms.map((t) => `term:${t}`)];
  return stringify(records, { header: true, columns, cast: { boolean: (value) => String(value) } });
}

/** "1234 tweets over 5 of 36 days (1 partial)": a total and the days it covers. */
export function totalsText(totals: BuzzTotals): string {
  const partial = totals.partialDays > 0 ? ` (${totals.partialDays} partial)` : '';
  return `${totals.tweets} tweets over ${totals.daysWithData} of ${totals.days} day${totals.days === 1 ? '' : 's'}${partial}`;
}
