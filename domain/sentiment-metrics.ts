import { fourDecimals, SENTIMENT_THRESHOLD } from './sentiment';

/**
 * A day's (or an hour's) sentiment among its matching posts that have a score (English posts
 * indexed since sentiment existed, or reindexed since): how many of each label, and two
 * summaries. Shares are of the scored posts, never of all matching posts.
 */
export interface SentimentFields {
  /** Matching posts with a score. */
  scored: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Positive share − negative share of the scored posts, -1…1, four decimals; null when none is scored. */
  net_sentiment: number | null;
  /** Mean score of the scored posts, -1…1, four decimals; null when none is scored. */
  mean_sentiment: number | null;
}

export const SENTIMENT_FIELDS = [
  'scored',
  'positive',
  'neutral',
  'negative',
  'net_sentiment',
  'mean_sentiment',
] as const satisfies readonly (keyof SentimentFields)[];

/** The sub-aggregation of a day's (or hour's) matching posts that sentimentFields reads. */
export const SENTIMENT_AGGREGATION = {
  filter: { exists: { field: 'sentiment' } },
  aggs: {
    mean: { avg: { field: 'sentiment' } },
    labels: {
      filters: {
        filters: {
          positive: { range: { sentiment: { gte: SENTIMENT_THRESHOLD } } },
          negative: { range: { sentiment: { lte: -SENTIMENT_THRESHOLD } } },
        },
      },
    },
  },
} as const;

export interface SentimentBucket {
  doc_count: number;
  mean: { value: number | null };
  labels: { buckets: { positive: { doc_count: number }; negative: { doc_count: number } } };
}

/** (positive − negative) ÷ scored, to four decimals; null when nothing is scored. */
export function netSentiment(counts: { scored: number; positive: number; negative: number }): number | null {
  return counts.scored > 0 ? fourDecimals((counts.positive - counts.negative) / counts.scored) : null;
}

export function sentimentFields(bucket: SentimentBucket): SentimentFields {
  const scored = bucket.doc_count;
  const positive = bucket.labels.buckets.positive.doc_count;
  const negative = bucket.labels.buckets.negative.doc_count;
  return {
    scored,
    positive,
    neutral: scored - positive - negative,
    negative,
    net_sentiment: netSentiment({ scored, positive, negative }),
    mean_sentiment: scored > 0 && bucket.mean.value !== null ? fourDecimals(bucket.mean.value) : null,
  };
}

/** No matching post at all: every count 0, the summaries null. */
export const NO_SENTIMENT: SentimentFields = {
  scored: 0,
  positive: 0,
  neutral: 0,
  negative: 0,
  net_sentiment: null,
  mean_sentiment: null,
};
