import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';

/*
 * How many posts there really were. A day of the Twitter archive that is the 1% sample holds each
 * tweet with probability p = 0.01, independently (domain/sample-check.ts): its count n of a show's
 * tweets is a Poisson count with mean p·N. The estimate of N is n / p, and its 95% interval the
 * exact (Garwood) interval on n's mean, scaled by 1 / p. A Bluesky hour captured whole is a census
 * (p = 1): its count is exact. Sums of parts add their estimates; parts sampled at one rate are
 * pooled into one Poisson count, so a week's interval is not seven days' intervals added.
 */

export const CONFIDENCE = 0.95;

/** An estimate of a population count with its 95% interval. */
export interface Estimate {
  est: number;
  low: number;
  high: number;
}

/** The exact interval of a Poisson mean from one observed count (Garwood 1936): 95%, or `tail` on each side. */
export function poissonInterval(n: number, tail = (1 - CONFIDENCE) / 2): { low: number; high: number } {
  return {
    low: n === 0 ? 0 : chisquareQuantile(tail, 2 * n) / 2,
    high: chisquareQuantile(1 - tail, 2 * n + 2) / 2,
  };
}

/** A count, and the probability with which each post of the population was counted. */
export interface CountedPart {
  n: number;
  rate: number;
}

/**
 * The population count behind some counted parts: census parts (rate 1) add exactly; the parts
 * sampled at each rate pool into one Poisson count, whose interval is scaled. Bounds are widened
 * to whole posts.
 */
export function estimatePopulation(parts: CountedPart[]): Estimate {
  const byRate = new Map<number, number>();
  for (const part of parts) byRate.set(part.rate, (byRate.get(part.rate) ?? 0) + part.n);
  let est = 0;
  let low = 0;
  let high = 0;
  for (const [rate, n] of byRate) {
    est += n / rate;
    if (rate === 1) {
      low += n;
      high += n;
    } else {
      const interval = poissonInterval(n);
      low += interval.low / rate;
      high += interval.high / rate;
    }
  }
  return { est: Math.round(est), low: Math.floor(low), high: Math.ceil(high) };
}

/** `12,300`: a count as every output writes one. */
export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** `12,300 (10,100–14,800)`: an estimate of all posts with its 95% interval; empty without one. */
export function estimateText(est: number | null, low: number | null, high: number | null): string {
  return est === null || low === null || high === null
    ? ''
    : `${thousands(est)} (${thousands(low)}–${thousands(high)})`;
}
