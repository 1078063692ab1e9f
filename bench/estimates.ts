import { estimateAuthors } from '../domain/author-estimates';
import { estimatePopulation } from '../domain/estimates';
import { leaderboard, parseWindow } from '../domain/leaderboard';
import { SAMPLE_RATE } from '../domain/sample-check';
import {
  HEAVY_ACTIVITY,
  LIGHT_ACTIVITY,
  kendallTau,
  launchWeek,
  sampleShowDay,
  sampledLaunchWeek,
  showDayPosts,
  type Activity,
} from '../simulator/populations';
import { Random } from '../simulator/random';

/*
 * The estimates against the truth, by simulation (issue "Buzz you can compare"): populations of
 * show-days whose authors post with light- or heavy-tailed activity, each post kept by the sample's
 * millisecond rule; and launch weeks of 20 shows ranked again and again from fresh samples. The
 * unit tests run the same checks small; this runs them at size and reports the figures.
 */

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const share = (count: number, of: number): number => Math.round((count / of) * 10_000) / 10_000;
const rounded = (value: number): number => Math.round(value * 1000) / 1000;

/** How the posts' interval and the authors' bounds did over `days` show-days with ≥ 10 sampled posts. */
function showDays(seed: number, activity: Activity, days: number) {
  const random = new Random(seed);
  const tweets = { covered: 0, errors: [] as number[], widths: [] as number[] };
  const authors = {
    contained: 0,
    boundsOnly: 0,
    errors: [] as number[],
    widths: [] as number[],
    ratios: [] as number[],
  };
  let sampledDays = 0;
  while (sampledDays < days) {
    const day = sampleShowDay(random, showDayPosts(random), activity);
    if (day.sampled < 10) continue;
    sampledDays++;
    const posts = estimatePopulation([{ n: day.sampled, rate: SAMPLE_RATE }]);
    if (posts.low <= day.posts && day.posts <= posts.high) tweets.covered++;
    tweets.errors.push(Math.abs(posts.est - day.posts) / day.posts);
    tweets.widths.push((posts.high - posts.low) / day.posts);
    const bounds = estimateAuthors(day.frequencies, SAMPLE_RATE);
    if (bounds.low <= day.authors && day.authors <= bounds.high) authors.contained++;
    if (!bounds.pinned) authors.boundsOnly++;
    authors.errors.push(Math.abs(bounds.est - day.authors) / day.authors);
    authors.widths.push((bounds.high - bounds.low) / day.authors);
    authors.ratios.push(bounds.high / Math.max(1, bounds.low));
  }
  return {
    show_days: days,
    est_tweets: {
      coverage: share(tweets.covered, days),
      median_relative_error: rounded(median(tweets.errors)),
      median_width_over_truth: rounded(median(tweets.widths)),
    },
    est_unique_authors: {
      bounds_contain_truth: share(authors.contained, days),
      bounds_only: share(authors.boundsOnly, days),
      chao_lin_median_relative_error: rounded(median(authors.errors)),
      median_width_over_truth: rounded(median(authors.widths)),
      median_high_over_low: rounded(median(authors.ratios)),
    },
  };
}

/** 20 shows' launch weeks, ranked from a fresh 1% sample `trials` times, against their true order. */
function rankings(seed: number, trials: number) {
  const random = new Random(seed);
  const truths = Array.from({ length: 20 }, (_, i) => Math.round(2_000 * Math.exp(0.18 * i + 0.1 * random.next())));
  const truthOf = (key: string) => truths[Number(key.slice(1))]!;
  const taus: number[] = [];
  let toldApart = 0;
  let rightOrder = 0;
  let alike = 0;
  for (let trial = 0; trial < trials; trial++) {
    const rows = leaderboard(
      truths.map((total, i) => launchWeek(`s${String(i).padStart(2, '0')}`, sampledLaunchWeek(random, total))),
      parseWindow('0..6'),
      'tweets',
    );
    taus.push(
      kendallTau(
        rows.map((row) => row.show_key),
        truthOf,
      ),
    );
    for (let i = 0; i + 1 < rows.length; i++) {
      if (rows[i + 1]!.same_as !== null || rows[i + 1]!.rank === rows[i]!.rank) {
        alike++;
        continue;
      }
      toldApart++;
      if (truthOf(rows[i]!.show_key) > truthOf(rows[i + 1]!.show_key)) rightOrder++;
    }
  }
  return {
    trials,
    shows: truths.length,
    true_launch_week_tweets: { min: Math.min(...truths), max: Math.max(...truths) },
    kendall_tau: { min: rounded(Math.min(...taus)), median: rounded(median(taus)) },
    adjacent_pairs_told_apart: toldApart,
    told_apart_in_true_order: share(rightOrder, toldApart),
    adjacent_pairs_marked_alike: alike,
  };
}

export interface EstimatesSize {
  showDays: number;
  trials: number;
}

export function benchEstimates(size: EstimatesSize) {
  return {
    light_activity: { activity: '1 + Poisson(0.5) posts per author', ...showDays(29, LIGHT_ACTIVITY, size.showDays) },
    heavy_activity: {
      activity: 'power law, exponent 2.2, at most 2,400 posts per author',
      ...showDays(31, HEAVY_ACTIVITY, size.showDays),
    },
    rankings: rankings(33, size.trials),
  };
}
