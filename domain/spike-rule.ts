import { addDays, type Day } from './days';

/**
 * When a show's day is a spike. The baseline is the show's own recent past: the days of the
 * BASELINE_DAYS before it that were ingested whole (a day with no data, or with hours missing, is
 * left out rather than read as low buzz), at least MIN_BASELINE_DAYS of them. A day is a spike
 * when its matching tweets are at least `min_count` and above
 *
 *   median(baseline) + k × max(MAD(baseline), √median(baseline), 1)
 *
 * where MAD is the median absolute deviation from the median. The floor keeps a baseline that
 * happens to be flat from making any wobble a spike: √median is the spread a count of that size
 * has by chance alone (Poisson), and 1 keeps a zero baseline from alerting on a single tweet.
 * Only the first day of a run of spike days raises an alert (the day before is not a spike), so a
 * launch that stays high for a week alerts once.
 */
export interface SpikeRule {
  /** How many spreads above the median (default 5; per show: the sheet's alert_k column). */
  k: number;
  /** The fewest matching tweets a spike day has (default 20; per show: alert_min_count). */
  min_count: number;
}

export const DEFAULT_SPIKE_RULE: SpikeRule = { k: 5, min_count: 20 };
export const BASELINE_DAYS = 7;
export const MIN_BASELINE_DAYS = 4;

/** One day of a show's series, as buzz-daily holds it: no `tweets` when nothing was ingested. */
export interface SeriesDay {
  date: Day;
  tweets?: number;
  data_complete: boolean;
}

export interface Spike {
  date: Day;
  tweets: number;
  baseline_days: number;
  baseline_median: number;
  baseline_mad: number;
  threshold: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The day measured against its baseline, or undefined when it has no data or too little baseline. */
function measure(byDate: Map<Day, SeriesDay>, date: Day, rule: SpikeRule): Spike | undefined {
  const tweets = byDate.get(date)?.tweets;
  if (tweets === undefined) return undefined;
  const baseline: number[] = [];
  for (let back = 1; back <= BASELINE_DAYS; back++) {
    const day = byDate.get(addDays(date, -back));
    if (day?.tweets !== undefined && day.data_complete) baseline.push(day.tweets);
  }
  if (baseline.length < MIN_BASELINE_DAYS) return undefined;
  const baselineMedian = median(baseline);
  const mad = median(baseline.map((value) => Math.abs(value - baselineMedian)));
  const threshold = baselineMedian + rule.k * Math.max(mad, Math.sqrt(baselineMedian), 1);
  return {
    date,
    tweets,
    baseline_days: baseline.length,
    baseline_median: baselineMedian,
    baseline_mad: mad,
    threshold: Math.round(threshold * 1000) / 1000,
  };
}

function isSpike(measured: Spike | undefined, rule: SpikeRule): measured is Spike {
  return measured !== undefined && measured.tweets >= rule.min_count && measured.tweets > measured.threshold;
}

/** The days of a series that raise an alert under the rule, oldest first. */
export function findSpikes(series: SeriesDay[], rule: SpikeRule): Spike[] {
  const byDate = new Map(series.map((day) => [day.date, day]));
  return [...byDate.keys()]
    .sort()
    .map((date) => ({ date, measured: measure(byDate, date, rule) }))
    .filter(({ date, measured }) => isSpike(measured, rule) && !isSpike(measure(byDate, addDays(date, -1), rule), rule))
    .map(({ measured }) => measured!);
}
