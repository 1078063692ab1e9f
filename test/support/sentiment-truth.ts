import { noSentimentValues, type SentimentValues } from '../../domain/buzz-format';
import type { ShowDayTruth } from '../../simulator/generator';

/**
 * The sentiment a day of planted posts must show: each one scored, with the polarity planted in
 * it. The truth knows labels, not scores: the mean score is the one stored (`meanSentiment`),
 * checked elsewhere only through the labels it must agree with.
 */
export function plantedSentiment(truth: ShowDayTruth, meanSentiment: number | null | undefined): SentimentValues {
  const { positive, neutral, negative } = truth.sentiment;
  return {
    scored: truth.tweets,
    positive,
    neutral,
    negative,
    net_sentiment: Math.round(((positive - negative) / truth.tweets) * 10_000) / 10_000,
    mean_sentiment: meanSentiment ?? null,
    no_sentiment: null,
  };
}

/** A row of a day with nothing ingested. */
export const NOTHING_INGESTED_SENTIMENT = noSentimentValues('nothing was ingested');

/** The same as CSV cells, in BUZZ_CSV_COLUMNS order: scored … mean_sentiment, no_sentiment. */
export function sentimentCells(values: SentimentValues): string {
  const { scored, positive, neutral, negative, net_sentiment, mean_sentiment, no_sentiment } = values;
  return [scored, positive, neutral, negative, net_sentiment, mean_sentiment, no_sentiment]
    .map((value) => (value === null ? '' : String(value)))
    .join(',');
}
