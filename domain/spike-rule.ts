import { addDays, hourStartMs } from './days';

/**
 * When a show's day (or, for the live source, hour) is a spike. The baseline is the show's own
 * recent past: the periods just before it that were ingested whole (one with no data, or with
 * hours missing, is left out rather than read as low buzz) — the 7 days before a day, at least 4 of
 * them; the 24 hours before an hour, at least 12. A period is a spike when its count (matching
 * tweets, or a show's Wikipedia pageviews) is at least `min_count` and above
 *
 *   median(baseline) + k × max(MAD(baseline), √median(baseline), 1)
 *
 * where MAD is the median absolute deviation from the median. The floor keeps a baseline that
 * happens to be flat from making any wobble a spike: √median is the spread a count of that size
 * has by chance alone (Poisson), and 1 keeps a zero baseline from alerting on a single tweet.
 * Only the first period of a run of spikes raises an alert (the one before is not a spike), so a
 * launch that stays high for a week alerts once.
 */
export interface SpikeRule {
  /** How many spreads above the median (default 5; per show: the sheet's alert_k column). */
  k: number;
  /** The smallest count a spike has (default 20; per show: alert_min_count). */
  min_count: number;
}

export const DEFAULT_SPIKE_RULE: SpikeRule = { k: 5, min_count: 20 };

/** Days or hours: what comes before a period, and how much of that past makes a baseline. */
export interface Cadence {
  name: 'day' | 'hour';
  /** The period `back` periods before `period`. */
  before(period: string, back: number): string;
  baseline: number;
  minBaseline: number;
}

export const DAILY: Cadence = { name: 'day', before: (day, back) => addDays(day, -back), baseline: 7, minBaseline: 4 };
export const HOURLY: Cadence = {
  name: 'hour',
  before: (hour, back) => new Date(hourStartMs(hour) - back * 3_600_000).toISOString().slice(0, 13),
  baseline: 24,
  minBaseline: 12,
};

/**
 * One period of a show's series (`YYYY-MM-DD` or `YYYY-MM-DDTHH`): its count — matching tweets, or
 * Wikipedia pageviews — or no `count` when the period has no data.
 */
export interface SeriesPoint {
  period: string;
  count?: number;
  complete: boolean;
}

export interface Spike {
  period: string;
  count: number;
  baseline_periods: number;
  baseline_median: number;
  baseline_mad: number;
  threshold: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The period measured against its baseline, or undefined when it has no data or too little baseline. */
function measure(
  byPeriod: Map<string, SeriesPoint>,
  period: string,
  rule: SpikeRule,
  cadence: Cadence,
): Spike | undefined {
  const count = byPeriod.get(period)?.count;
  if (count === undefined) return undefined;
  const baseline: number[] = [];
  for (let back = 1; back <= cadence.baseline; back++) {
    const point = byPeriod.get(cadence.before(period, back));
    if (point?.count !== undefined && point.complete) baseline.push(point.count);
  }
  if (baseline.length < cadence.minBaseline) return undefined;
  const baselineMedian = median(baseline);
  const mad = median(baseline.map((value) => Math.abs(value - baselineMedian)));
  const threshold = baselineMedian + rule.k * Math.max(mad, Math.sqrt(baselineMedian), 1);
  return {
    period,
    count,
    baseline_periods: baseline.length,
    baseline_median: baselineMedian,
    baseline_mad: mad,
    threshold: Math.round(threshold * 1000) / 1000,
  };
}

function isSpike(measured: Spike | undefined, rule: SpikeRule): measured is Spike {
  return measured !== undefined && measured.count >= rule.min_count && measured.count > measured.threshold;
}

/** The periods of a series that raise an alert under the rule, oldest first. */
export function findSpikes(series: SeriesPoint[], rule: SpikeRule, cadence: Cadence = DAILY): Spike[] {
  const byPeriod = new Map(series.map((point) => [point.period, point]));
  const spikeAt = (period: string) => isSpike(measure(byPeriod, period, rule, cadence), rule);
  return [...byPeriod.keys()]
    .sort()
    .filter((period) => spikeAt(period) && !spikeAt(cadence.before(period, 1)))
    .map((period) => measure(byPeriod, period, rule, cadence)!);
}
