import { authorFrequencies } from '../domain/author-estimates';
import type { DailyDoc } from '../domain/buzz-docs';
import type { ShowWindow } from '../domain/leaderboard';
import { SAMPLE_MILLISECONDS, SAMPLE_RATE } from '../domain/sample-check';
import type { Random } from './random';

/*
 * Whole populations of posts with known truth, sampled as the sample stream sampled them: what
 * the estimates are checked against (test/unit, bench/estimates.ts). Each post's id carries a
 * millisecond that is uniform over the second, so the millisecond rule keeps it with probability
 * 0.01, independently of every other post.
 */

/** How many posts an author writes in a show's day. */
export type Activity = (random: Random) => number;

/** A standard normal draw (Box–Muller). */
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** A show-day's posts: a few hundred to tens of thousands (log-normal, median about 3,000). */
export function showDayPosts(random: Random): number {
  return Math.round(Math.exp(8 + 1.2 * normal(random)));
}

/** Whether the sample stream kept a post: its id's millisecond within the rule's 10 ms. */
export function keptByRule(random: Random): boolean {
  const millisecond = random.int(1000);
  return millisecond >= SAMPLE_MILLISECONDS.from && millisecond <= SAMPLE_MILLISECONDS.to;
}

/** A Poisson count by inversion (the means here are small). */
function poisson(random: Random, mean: number): number {
  let count = 0;
  let term = Math.exp(-mean);
  let sum = term;
  const roll = random.next();
  while (roll > sum) {
    count++;
    term *= mean / count;
    sum += term;
  }
  return count;
}

/** Light-tailed activity: 1 + Poisson(0.5) posts (mean 1.5). */
export const LIGHT_ACTIVITY: Activity = (random) => 1 + poisson(random, 0.5);

/** Posts per author following a power law of `exponent`, at most `max` posts. */
function powerLaw(exponent: number, max: number): Activity {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= max; k++) cumulative.push((total += k ** -exponent));
  return (random) => {
    const roll = random.next() * total;
    let lo = 0;
    let hi = max - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < roll) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** Heavy-tailed activity: a power law of exponent 2.2, at most 2,400 posts (Twitter's daily limit). */
export const HEAVY_ACTIVITY: Activity = powerLaw(2.2, 2400);

/** A show-day's whole population and what the sample kept of it. */
export interface SampledShowDay {
  posts: number;
  authors: number;
  sampled: number;
  /** Authors the sample saw j times, at index j (index 0 unused). */
  frequencies: number[];
}

/** `posts` posts written by authors of `activity`, each kept by the millisecond rule. */
export function sampleShowDay(random: Random, posts: number, activity: Activity): SampledShowDay {
  const timesSeen: number[] = [];
  let written = 0;
  let authors = 0;
  let sampled = 0;
  while (written < posts) {
    const byAuthor = Math.min(activity(random), posts - written);
    written += byAuthor;
    authors++;
    let seen = 0;
    for (let i = 0; i < byAuthor; i++) if (keptByRule(random)) seen++;
    sampled += seen;
    if (seen > 0) timesSeen.push(seen);
  }
  return { posts, authors, sampled, frequencies: authorFrequencies(timesSeen) };
}

/** What a buzz-daily document of a show launched on 2024-01-10 says of its day `offset`, before any count. */
export function launchDay(showKey: string, offset: number) {
  return {
    show_key: showKey,
    show_name: showKey.toUpperCase(),
    season: '1',
    studio_or_network: '',
    timezone: 'UTC',
    match_mode: 'exact',
    date: `2024-01-${String(10 + offset).padStart(2, '0')}`,
    launch_date: '2024-01-10',
    days_since_launch: offset,
    computed_at: '2024-02-01T00:00:00Z',
  };
}

/** A show's launch week as the leaderboard reads it: each day's count, sampled (`rate` 0.01) or a census (1). */
export function launchWeek(showKey: string, perDay: number[], rate = SAMPLE_RATE): ShowWindow {
  const day = (tweets: number, offset: number): DailyDoc => ({
    ...launchDay(showKey, offset),
    data_complete: true,
    tweets,
    original_tweets: tweets,
    retweets: 0,
    unique_authors: tweets,
    share_of_sample: tweets / 1000,
    statuses_in_sample: 1000,
    term_counts: [],
    sample_rate: rate,
    sampled_tweets: rate < 1 ? tweets : 0,
    no_estimate: null,
  });
  return {
    show: {
      show_key: showKey,
      show_name: showKey.toUpperCase(),
      season: '1',
      launch_date: '2024-01-10',
      timezone: 'UTC',
    },
    days: perDay.map(day),
    uniqueAuthors: 0,
  };
}

/** A launch week of `total` posts spread at random over its 7 days, each kept by the rule. */
export function sampledLaunchWeek(random: Random, total: number): number[] {
  const perDay = Array.from({ length: 7 }, () => 0);
  for (let post = 0; post < total; post++) if (keptByRule(random)) perDay[random.int(7)]!++;
  return perDay;
}

/** Kendall's τ of a ranking (keys, best first) against the true totals. */
export function kendallTau(keys: string[], truthOf: (key: string) => number): number {
  let concordant = 0;
  let pairs = 0;
  for (let i = 0; i < keys.length; i++)
    for (let j = i + 1; j < keys.length; j++) {
      pairs++;
      concordant += truthOf(keys[i]!) >= truthOf(keys[j]!) ? 1 : -1;
    }
  return concordant / pairs;
}
