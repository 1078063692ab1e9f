import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import binomialTest from '@stdlib/stats-binomial-test';

/**
 * What a window's tweets were counted from: a sample's count (at one rate; null when no day of the
 * window was sampled) and a census's.
 */
export interface CountedWindow {
  sampled: number | null;
  census: number;
}

/** Differences with a p-value below this are told apart; others rank the same (≈). */
export const SIGNIFICANCE = 0.05;

/** P(X ≤ k) and P(X ≥ k) of a Poisson count X with mean `mean`, through the chi-squared distribution. */
function poissonTails(k: number, mean: number): { atMost: number; atLeast: number } {
  return {
    atMost: 1 - chisquareCdf(2 * mean, 2 * (k + 1)),
    atLeast: k === 0 ? 1 : chisquareCdf(2 * mean, 2 * k),
  };
}

/**
 * The two-sided p-value of "both windows had as many posts" from what was counted of them.
 * Two samples at one rate: the conditional binomial test (given their total, the first's count is
 * Binomial(total, ½) when their rates are equal) — a test of the difference, not of overlapping
 * intervals. Two censuses: exact, 1 when equal, else 0. A census against a sample: the exact
 * Poisson test of the sample's count against the census's posts times the rate. Windows that mix
 * a sample and a census: the sampled counts' difference against the censuses' difference times
 * the rate, a normal approximation whose variance is the sampled counts' sum (Poisson).
 */
export function differencePValue(a: CountedWindow, b: CountedWindow, rate: number): number {
  const sampleOnly = (w: CountedWindow) => w.sampled !== null && w.census === 0;
  const censusOnly = (w: CountedWindow) => w.sampled === null;
  if (sampleOnly(a) && sampleOnly(b)) {
    const total = a.sampled! + b.sampled!;
    return total === 0 ? 1 : binomialTest(a.sampled!, total, { p: 0.5 }).pValue;
  }
  if (censusOnly(a) && censusOnly(b)) return a.census === b.census ? 1 : 0;
  if ((sampleOnly(a) && censusOnly(b)) || (censusOnly(a) && sampleOnly(b))) {
    const [sample, census] = sampleOnly(a) ? [a, b] : [b, a];
    const { atMost, atLeast } = poissonTails(sample.sampled!, census.census * rate);
    return Math.min(1, 2 * Math.min(atMost, atLeast));
  }
  const [aSampled, bSampled] = [a.sampled ?? 0, b.sampled ?? 0];
  const z = (aSampled - bSampled - rate * (b.census - a.census)) / Math.sqrt(Math.max(1, aSampled + bSampled));
  return 1 - chisquareCdf(z * z, 1);
}

/** A window's scored posts and their labels, for comparing net sentiment. */
export interface ScoredWindow {
  scored: number;
  positive: number;
  negative: number;
}

/**
 * Net sentiment is the mean of +1 (positive), 0 (neutral) and -1 (negative) over the scored posts;
 * its variance per post is p₊ + p₋ − (p₊ − p₋)².
 */
function netVariance(w: ScoredWindow): number {
  const positive = w.positive / w.scored;
  const negative = w.negative / w.scored;
  return positive + negative - (positive - negative) ** 2;
}

/** The 95% interval of a window's net sentiment (normal approximation, within -1…1). */
export function netSentimentInterval(w: ScoredWindow): { low: number; high: number } {
  const net = (w.positive - w.negative) / w.scored;
  const half = 1.959964 * Math.sqrt(netVariance(w) / w.scored);
  return { low: Math.max(-1, net - half), high: Math.min(1, net + half) };
}

/**
 * The two-sided p-value of "both windows' audiences are as positive on balance", from their scored
 * posts: the difference of the two net sentiments over its standard error (a z-test; windows are
 * ranked by it only with enough scored posts for the normal approximation, see LEADERBOARD_MIN_SCORED).
 */
export function netSentimentPValue(a: ScoredWindow, b: ScoredWindow): number {
  const difference = (a.positive - a.negative) / a.scored - (b.positive - b.negative) / b.scored;
  const variance = netVariance(a) / a.scored + netVariance(b) / b.scored;
  if (variance === 0) return difference === 0 ? 1 : 0;
  return 1 - chisquareCdf((difference * difference) / variance, 1);
}
