import { authorFrequencies } from './author-estimates';
import { addDays, daysBetween, type Day } from './days';
import type { ShowConfig, Term } from './show-config';
import {
  NO_SENTIMENT,
  SENTIMENT_AGGREGATION,
  sentimentFields,
  type SentimentBucket,
  type SentimentFields,
} from './sentiment-metrics';
import type { Source } from './tweet';

/**
 * Elasticsearch query clauses for the SPEC matching rules. Terms are data: they become
 * structured clauses over `text_norm` (normalized by our own code at ingest, split on spaces),
 * `hashtags` and `mentions` — never query strings, so quotes, `*`, `AND` or brackets in a term
 * are matched as the words they contain.
 */
export function termClause(term: Term, mode: ShowConfig['match_mode']): object {
  switch (term.kind) {
    case 'hashtag':
      return { term: { hashtags: term.tag } };
    case 'mention':
      return { term: { mentions: term.name } };
    case 'phrase':
      // Exact: the words consecutively. Fuzzy (the original system): every word, each within
      // an edit distance that grows with its length, anywhere in the text.
      return mode === 'exact'
        ? { match_phrase: { text_norm: { query: term.norm } } }
        : { match: { text_norm: { query: term.norm, operator: 'and', fuzziness: 'AUTO' } } };
  }
}

/** Documents of one source; those indexed before sources existed are all from the Twitter archive. */
export function sourceClause(source: Source): object {
  return source === 'twitter' ? { bool: { must_not: [{ term: { source: 'bluesky' } }] } } : { term: { source } };
}

/** Mandatory terms: all; optional terms: at least one when any is given; excluded terms: none. */
export function matchQuery(show: ShowConfig): object {
  const clause = (term: Term): object => termClause(term, show.match_mode);
  return {
    bool: {
      must: show.mandatory.map(clause),
      should: show.optional.map(clause),
      minimum_should_match: show.optional.length > 0 ? 1 : 0,
      must_not: show.excluded.map(clause),
    },
  };
}

/** Every term of a show, each counted once (the same text may sit in two lists). */
export function countedTerms(show: ShowConfig): Term[] {
  const seen = new Map<string, Term>();
  for (const term of [...show.mandatory, ...show.optional]) if (!seen.has(term.text)) seen.set(term.text, term);
  return [...seen.values()];
}

/** Tweets created on the local days `from` to `to` (both included) of a time zone. */
export function localDaysClause(from: Day, to: Day, zone: string): object {
  return { range: { created_at: { gte: from, lt: addDays(to, 1), format: 'strict_date', time_zone: zone } } };
}

/**
 * Distinct authors, estimated (HyperLogLog++): even far below its threshold of 40,000 it merges
 * authors whose hashes agree, 1 author of about 1,200 in 4 of 50 shows on the real-size day. A
 * day's count is exact from its repeat authors (exactAuthors), and this only where they cannot all
 * be named; the hourly view uses it. Values are hashed as the matching tweets are collected
 * (`direct`) rather than through the field's global ordinals, which cost in proportion to every
 * author of the index, not to the show's: a show's search took 9.4 ms that way and 1.4 ms this
 * way on the same index (docs/benchmarks.md, P4).
 */
export const UNIQUE_AUTHORS = {
  cardinality: { field: 'user_id', precision_threshold: 40_000, execution_hint: 'direct' },
} as const;

/**
 * A source's authors seen at least twice in a show's day, with how often: the day's exact distinct
 * authors (exactAuthors), and the sample's author frequencies for the authors estimate
 * (domain/author-estimates.ts).
 * Hashed as collected (`map`) rather than through global ordinals, for the reason UNIQUE_AUTHORS
 * is. A 1% sample with more repeat authors than this in one show's day would stand for hundreds of
 * millions of posts: beyond it, no estimate.
 */
export const REPEAT_AUTHORS_MAX = 10_000;
const REPEAT_AUTHORS = {
  terms: { field: 'user_id', min_doc_count: 2, size: REPEAT_AUTHORS_MAX, execution_hint: 'map' },
} as const;

/**
 * One search computes a show's whole window (or some of its days): a date histogram in the
 * show's time zone with, per day, retweets, unique authors (exact below 40,000) and per-term
 * counts of the matching tweets. Days without a matching tweet are left out of the answer and
 * filled in by readBuzzAggregation: Elasticsearch builds every sub-aggregation of an empty day's
 * bucket as it does a full one's, and most days of a window are empty until its days are ingested
 * (P4's 500 windows: 1.3× faster without them, docs/benchmarks.md).
 */
export function buzzSearch(
  show: ShowConfig,
  from: Day,
  to: Day,
  source?: Source,
): { query: object; aggs: Record<string, object> } {
  const zone = show.timezone;
  return {
    query: {
      bool: {
        filter: [
          localDaysClause(from, to, zone),
          matchQuery(show),
          ...(source === undefined ? [] : [sourceClause(source)]),
        ],
      },
    },
    aggs: {
      days: {
        date_histogram: {
          field: 'created_at',
          calendar_interval: '1d',
          time_zone: zone,
          format: 'yyyy-MM-dd',
          min_doc_count: 1,
        },
        aggs: {
          retweets: { filter: { term: { is_retweet: true } } },
          // The live capture's part of the day: a census, where the rest is the archive's sample.
          bluesky: {
            filter: { term: { source: 'bluesky' } },
            aggs: {
              retweets: { filter: { term: { is_retweet: true } } },
              authors: UNIQUE_AUTHORS,
              repeats: REPEAT_AUTHORS,
            },
          },
          archive: { filter: sourceClause('twitter'), aggs: { repeats: REPEAT_AUTHORS } },
          authors: UNIQUE_AUTHORS,
          sentiment: SENTIMENT_AGGREGATION,
          terms: {
            filters: {
              filters: Object.fromEntries(
                countedTerms(show).map((term) => [term.text, termClause(term, show.match_mode)]),
              ),
            },
          },
        },
      },
    },
  };
}

export interface DayCounts extends SentimentFields {
  date: Day;
  tweets: number;
  original_tweets: number;
  retweets: number;
  unique_authors: number;
  term_counts: { term: string; tweets: number }[];
}

/**
 * A day's counts of each source, for the estimates (domain/day-estimates.ts). `authorFrequencies[j]`
 * is the number of authors seen j times (index 0 unused); null when they could not all be counted.
 */
export type SourceCounts = Record<Source, { tweets: number; retweets: number; authorFrequencies?: number[] | null }>;

/** A terms aggregation's answer; `doc_count_error_upper_bound` is 0 when no shard's list was cut. */
interface TermsAnswer {
  doc_count_error_upper_bound: number;
  buckets: { key: string; doc_count: number }[];
}

interface Bucket {
  key_as_string: string;
  doc_count: number;
  retweets: { doc_count: number };
  bluesky: { doc_count: number; retweets: { doc_count: number }; authors: { value: number }; repeats: TermsAnswer };
  archive: { repeats: TermsAnswer };
  authors: { value: number };
  sentiment: SentimentBucket;
  terms: { buckets: Record<string, { doc_count: number }> };
}

/**
 * A source's distinct authors in a day, exact: its repeat authors, and one for each of its other
 * posts (the only post of its author). Null when its repeat authors may not all be named: as many
 * as the search returns, or a list a shard cut.
 */
function exactAuthors(posts: number, repeats: TermsAnswer): number | null {
  if (repeats.buckets.length >= REPEAT_AUTHORS_MAX || repeats.doc_count_error_upper_bound !== 0) return null;
  return repeats.buckets.length + posts - repeats.buckets.reduce((sum, author) => sum + author.doc_count, 0);
}

/**
 * Authors seen j times, from the distinct authors and the counts of those seen twice or more; null
 * when the search returned as many repeat authors as it may (there may be more). The terms left
 * out of a shard's answer (`sum_other_doc_count`) are its authors seen once, which the distinct
 * count holds already.
 */
function frequencies(authors: number, repeats: Bucket['archive']['repeats']): number[] | null {
  if (repeats.buckets.length >= REPEAT_AUTHORS_MAX) return null;
  const counts = authorFrequencies(repeats.buckets.map((bucket) => bucket.doc_count));
  counts[1] = authors - repeats.buckets.length;
  return counts;
}

/**
 * The per-day counts of a buzzSearch answer for the days `from` to `to`, with each source's: a day
 * the answer leaves out had no matching tweet, and so does every day of an answer without
 * aggregations (a search that met no tweet index: nothing ingested yet anywhere). Coverage, not
 * these zeros, says whether a day has data.
 */
export function readBuzzAggregation(
  aggregations: unknown,
  show: ShowConfig,
  from: Day,
  to: Day,
): (DayCounts & { bySource: SourceCounts })[] {
  const buckets = (aggregations as { days: { buckets: Bucket[] } } | undefined)?.days.buckets ?? [];
  const byDay = new Map(buckets.map((bucket) => [bucket.key_as_string, bucket]));
  return daysBetween(from, to).map((date) => {
    const bucket = byDay.get(date);
    return bucket ? dayCounts(bucket) : noTweetDay(show, date);
  });
}

function dayCounts(bucket: Bucket): DayCounts & { bySource: SourceCounts } {
  const authors = {
    bluesky: exactAuthors(bucket.bluesky.doc_count, bucket.bluesky.repeats),
    twitter: exactAuthors(bucket.doc_count - bucket.bluesky.doc_count, bucket.archive.repeats),
  };
  return {
    date: bucket.key_as_string,
    tweets: bucket.doc_count,
    original_tweets: bucket.doc_count - bucket.retweets.doc_count,
    retweets: bucket.retweets.doc_count,
    unique_authors:
      authors.bluesky !== null && authors.twitter !== null ? authors.bluesky + authors.twitter : bucket.authors.value,
    ...sentimentFields(bucket.sentiment),
    term_counts: Object.entries(bucket.terms.buckets).map(([term, counts]) => ({ term, tweets: counts.doc_count })),
    // A census counts every author once; the archive's and the capture's authors are accounts of
    // two networks, so the archive's are the rest of the day's.
    bySource: {
      bluesky: {
        tweets: bucket.bluesky.doc_count,
        retweets: bucket.bluesky.retweets.doc_count,
        authorFrequencies: [0, authors.bluesky ?? bucket.bluesky.authors.value],
      },
      twitter: {
        tweets: bucket.doc_count - bucket.bluesky.doc_count,
        retweets: bucket.retweets.doc_count - bucket.bluesky.retweets.doc_count,
        authorFrequencies: frequencies(
          authors.twitter ?? bucket.authors.value - bucket.bluesky.authors.value,
          bucket.archive.repeats,
        ),
      },
    },
  };
}

/** A day without a matching tweet: every count 0, the summaries null. */
function noTweetDay(show: ShowConfig, date: Day): DayCounts & { bySource: SourceCounts } {
  return {
    date,
    tweets: 0,
    original_tweets: 0,
    retweets: 0,
    unique_authors: 0,
    ...NO_SENTIMENT,
    term_counts: countedTerms(show).map((term) => ({ term: term.text, tweets: 0 })),
    bySource: {
      bluesky: { tweets: 0, retweets: 0, authorFrequencies: [0, 0] },
      twitter: { tweets: 0, retweets: 0, authorFrequencies: [0, 0] },
    },
  };
}

export interface HourCounts extends SentimentFields {
  /** The hour's start, ISO (UTC). */
  hour: string;
  source: Source | 'all';
  tweets: number;
  original_tweets: number;
  retweets: number;
  unique_authors: number;
  /** Of one source: its authors seen j times, at index j (domain/day-estimates.ts). */
  author_frequencies?: number[] | null;
}

/**
 * A show's matching documents hour by hour (UTC) between two times, in total and per source:
 * the live view, computed when asked (the daily view is what the show workflows store).
 */
export function hourlySearch(
  show: ShowConfig,
  fromIso: string,
  toIso: string,
): { query: object; aggs: Record<string, object> } {
  const counts = {
    retweets: { filter: { term: { is_retweet: true } } },
    authors: UNIQUE_AUTHORS,
    sentiment: SENTIMENT_AGGREGATION,
  };
  return {
    query: { bool: { filter: [{ range: { created_at: { gte: fromIso, lt: toIso } } }, matchQuery(show)] } },
    aggs: {
      hours: {
        date_histogram: {
          field: 'created_at',
          fixed_interval: '1h',
          min_doc_count: 0,
          extended_bounds: { min: fromIso, max: new Date(Date.parse(toIso) - 1).toISOString() },
        },
        aggs: {
          ...counts,
          sources: { terms: { field: 'source', missing: 'twitter', size: 10 }, aggs: counts },
          archive: { filter: sourceClause('twitter'), aggs: { repeats: REPEAT_AUTHORS } },
        },
      },
    },
  };
}

interface HourBucket {
  key: number;
  doc_count: number;
  retweets: { doc_count: number };
  authors: { value: number };
  sentiment: SentimentBucket;
  sources: {
    buckets: {
      key: string;
      doc_count: number;
      retweets: { doc_count: number };
      authors: { value: number };
      sentiment: SentimentBucket;
    }[];
  };
  archive: Bucket['archive'];
}

/** Rows of an hourlySearch answer: per hour, the total (`all`) and each source that has documents. */
export function readHourlyAggregation(aggregations: unknown): HourCounts[] {
  const rows: HourCounts[] = [];
  for (const bucket of (aggregations as { hours: { buckets: HourBucket[] } }).hours.buckets) {
    const hour = new Date(bucket.key).toISOString();
    const row = (
      source: HourCounts['source'],
      b: {
        doc_count: number;
        retweets: { doc_count: number };
        authors: { value: number };
        sentiment: SentimentBucket;
      },
    ) => ({
      hour,
      source,
      tweets: b.doc_count,
      original_tweets: b.doc_count - b.retweets.doc_count,
      retweets: b.retweets.doc_count,
      unique_authors: b.authors.value,
      ...sentimentFields(b.sentiment),
    });
    rows.push(row('all', bucket));
    for (const source of bucket.sources.buckets)
      rows.push({
        ...row(source.key as Source, source),
        // A census counts every author once; the archive's sample by how often it saw each.
        author_frequencies:
          source.key === 'bluesky'
            ? [0, source.authors.value]
            : frequencies(source.authors.value, bucket.archive.repeats),
      });
  }
  return rows;
}
