import type { Day } from '../../domain/days';

/**
 * The spike the alert tests plant: a quiet week around 10 tweets a day, then 60. Its baseline
 * (the 7 days before) has median 10 and MAD 1, so the default rule's threshold is 10 + 5 × √10.
 */
const BASELINE = { baseline_periods: 7, baseline_median: 10, baseline_mad: 1, threshold: 25.811 };

export const PLANTED_SPIKE = {
  counts: [10, 12, 11, 9, 10, 11, 10, 60],
  /** What the rule finds on the spike day. */
  spike: { count: 60, ...BASELINE },
  /** The same spike as an alert on tweets records it. */
  alert: { tweets: 60, ...BASELINE },
  rule: { k: 5, min_count: 20 },
};

/** A sheet row of a show whose only term is its name, launched on the spike day (the last of `days`). */
export function spikingShowRow(showName: string, season: string, days: Day[]): Record<string, string> {
  return { show_name: showName, season, launch_date: days.at(-1)!, mandatory_search_terms: showName };
}
