import { coverageOfHours, type Coverage } from './buzz-coverage';
import { REPEAT_AUTHORS_MAX, type SourceCounts } from './buzz-query';
import type { Day } from './days';
import { estimateAuthors } from './author-estimates';
import { estimatePopulation } from './estimates';
import { SAMPLE_RATE, type SampleVerdict } from './sample-check';
import type { IngestedHoursBySource } from './hourly-buzz';
import { SOURCES, type Source } from './tweet';

/** What one source holds of a day (or an hour): its counts, how much of that time was ingested, and for the Twitter archive whether its days are the 1% sample. */
export interface SourcePart {
  tweets: number;
  retweets: number;
  /** Authors seen j times at index j (domain/buzz-query.ts); null or absent when not counted. */
  authorFrequencies?: number[] | null;
  coverage: Coverage;
  /** The sample check of each UTC day the time touches (the Twitter archive). */
  verdicts: SampleVerdict[];
}

/** A row's estimates of the whole population's posts: the sample scaled up, a census as counted. */
export interface EstimateFields {
  /** The inclusion probability of the row's counts (the smallest of its sources'); null without an estimate. */
  sample_rate: number | null;
  est_tweets: number | null;
  est_tweets_low: number | null;
  est_tweets_high: number | null;
  est_retweets: number | null;
  est_retweets_low: number | null;
  est_retweets_high: number | null;
  /** Of the row's tweets, those counted from a sample (the Twitter archive's); the rest are a census. */
  sampled_tweets: number | null;
  /**
   * Distinct authors of the whole population: exact from a census; from a sample, null with the
   * 95% bounds it supports (domain/author-estimates.ts), and `no_authors_estimate` saying so.
   */
  est_unique_authors: number | null;
  est_unique_authors_low: number | null;
  est_unique_authors_high: number | null;
  no_authors_estimate: string | null;
  /** The sample check of the Twitter archive's days under the row (the worst of them); null without Twitter data. */
  sample_verdict: SampleVerdict | null;
  /** Why the row has no estimate; null when it has one. */
  no_estimate: string | null;
}

/** The estimate fields, in the order outputs list them. */
export const ESTIMATE_FIELDS = [
  'sample_rate',
  'est_tweets',
  'est_tweets_low',
  'est_tweets_high',
  'est_retweets',
  'est_retweets_low',
  'est_retweets_high',
  'sampled_tweets',
  'est_unique_authors',
  'est_unique_authors_low',
  'est_unique_authors_high',
  'no_authors_estimate',
  'sample_verdict',
  'no_estimate',
] as const satisfies readonly (keyof EstimateFields)[];

const VERDICT_REASON: Record<Exclude<SampleVerdict, 'sample'>, string> = {
  not_sample: 'the Twitter archive of that day is not the 1% sample',
  unknown: 'the Twitter archive of that day is not known to be the 1% sample (ingested before the sample check)',
};

/** The rate a source's part was counted at, why it cannot be scaled, or undefined when the source has nothing there. */
function rateOf(source: Source, part: SourcePart): { rate: number } | { reason: string } | undefined {
  if (part.coverage === 'none') return undefined;
  if (part.coverage === 'partial') return { reason: `only part of it was ingested from ${source}` };
  if (source === 'bluesky') return { rate: 1 };
  const doubtful = part.verdicts.find((verdict) => verdict !== 'sample');
  return doubtful === undefined ? { rate: SAMPLE_RATE } : { reason: VERDICT_REASON[doubtful] };
}

/** Worst first: one day under a row that fails the check is enough to mark it. */
const VERDICT_ORDER: readonly SampleVerdict[] = ['not_sample', 'unknown', 'sample'];

/** The Twitter archive's verdict on the days under a row, or null when the row has no Twitter data. */
function sampleVerdictOf(twitter: SourcePart | undefined): SampleVerdict | null {
  if (twitter === undefined || twitter.coverage === 'none') return null;
  return VERDICT_ORDER.find((verdict) => twitter.verdicts.includes(verdict)) ?? 'unknown';
}

const NO_ESTIMATE = Object.fromEntries(ESTIMATE_FIELDS.map((field) => [field, null])) as Record<
  (typeof ESTIMATE_FIELDS)[number],
  null
>;

const NO_AUTHORS = { est_unique_authors: null, est_unique_authors_low: null, est_unique_authors_high: null };

/**
 * The row's distinct authors: each source's estimated and added (the archive's and the capture's
 * are accounts of two networks). Exact when every part is a census; bounds only otherwise.
 */
function authorFields(counted: { part: SourcePart; rate: number }[]) {
  if (counted.some(({ part }) => part.authorFrequencies === undefined))
    return { ...NO_AUTHORS, no_authors_estimate: 'its authors were not counted by how often each was seen' };
  if (counted.some(({ part }) => part.authorFrequencies === null))
    return { ...NO_AUTHORS, no_authors_estimate: `more than ${REPEAT_AUTHORS_MAX} authors were seen twice or more` };
  const parts = counted.map(({ part, rate }) => estimateAuthors(part.authorFrequencies!, rate));
  const unpinned = parts.find((part) => !part.pinned);
  return {
    est_unique_authors: unpinned ? null : parts.reduce((sum, part) => sum + part.est, 0),
    est_unique_authors_low: parts.reduce((sum, part) => sum + part.low, 0),
    est_unique_authors_high: parts.reduce((sum, part) => sum + part.high, 0),
    no_authors_estimate: unpinned?.reason ?? null,
  };
}

/**
 * A day's or an hour's estimates from its sources' parts: each part scaled by its rate (a Twitter
 * sample day 100×, a Bluesky census as counted) and added. No estimate when a source's part cannot
 * be scaled (partly ingested, not the 1% sample): never a silently wrong ×100.
 */
export function estimateFields(parts: Partial<Record<Source, SourcePart>>): EstimateFields {
  const verdict = sampleVerdictOf(parts.twitter);
  const rated = Object.entries(parts).flatMap(([source, part]) => {
    const rate = rateOf(source as Source, part!);
    return rate === undefined ? [] : [{ part: part!, rate }];
  });
  const none = (why: string) => ({
    ...NO_ESTIMATE,
    no_authors_estimate: why,
    sample_verdict: verdict,
    no_estimate: why,
  });
  if (rated.length === 0) return none('nothing was ingested');
  const reasons = rated.flatMap(({ rate }) => ('reason' in rate ? [rate.reason] : []));
  if (reasons.length > 0) return none(reasons.join('; '));
  const counted = rated.map(({ part, rate }) => ({ part, rate: (rate as { rate: number }).rate }));
  const tweets = estimatePopulation(counted.map(({ part, rate }) => ({ n: part.tweets, rate })));
  const retweets = estimatePopulation(counted.map(({ part, rate }) => ({ n: part.retweets, rate })));
  return {
    sample_rate: Math.min(...counted.map(({ rate }) => rate)),
    est_tweets: tweets.est,
    est_tweets_low: tweets.low,
    est_tweets_high: tweets.high,
    est_retweets: retweets.est,
    est_retweets_low: retweets.low,
    est_retweets_high: retweets.high,
    sampled_tweets: counted.reduce((sum, { part, rate }) => sum + (rate < 1 ? part.tweets : 0), 0),
    ...authorFields(counted),
    sample_verdict: verdict,
    no_estimate: null,
  };
}

/**
 * Each source's part of a span of UTC hours (a show's local day, or one hour): its counts, its
 * coverage from what ingestion recorded of those hours, and the sample check of the UTC days they
 * fall on.
 */
export function sourceParts(
  hours: readonly { day: Day; group: string }[],
  counts: SourceCounts,
  ingested: IngestedHoursBySource,
  verdicts: ReadonlyMap<Day, SampleVerdict>,
  sources: readonly Source[] = SOURCES,
): Partial<Record<Source, SourcePart>> {
  const days = [...new Set(hours.map((hour) => hour.day))];
  return Object.fromEntries(
    sources.map((source) => [
      source,
      {
        ...counts[source],
        coverage: coverageOfHours(hours.map((hour) => ingested[source].get(`${hour.day}T${hour.group}`))),
        verdicts: days.map((day) => verdicts.get(day) ?? 'unknown'),
      },
    ]),
  );
}
