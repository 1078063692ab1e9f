import type { Repositories } from '../adapters/repositories';
import type { Day } from '../domain/days';
import { EXPLAIN_SIZES, NOTHING_STANDS_OUT, setApart, type Explanation, type RetweetedTweet } from '../domain/explain';
import type { ShowConfig } from '../domain/show-config';
import { classifiedPosts } from './classified-posts';

/**
 * Why a show's day spiked (domain/explain.ts): one search for the day's significant words and
 * hashtags and its most retweeted ids, then the originals of those ids that the index holds. A
 * deleted tweet is not in the index, so it is never shown; its retweets are counted apart. The
 * most positive and negative posts come with the first search. The day's matching posts, read
 * beside it, give its floods and owned posts as the show's organic counts have them.
 */
export async function explainDay(
  repos: Pick<Repositories, 'tweets'>,
  show: ShowConfig,
  date: Day,
): Promise<Explanation> {
  const [{ sample, counts }, { posts, days }] = await Promise.all([
    repos.tweets.explainCounts(show, date),
    classifiedPosts(repos, show, date, date),
  ]);
  const apart = setApart(days.get(date), posts);
  const base = { show_key: show.show_key, date, ...apart };
  if (!counts) return { ...base, tweets: 0, sample, ...NOTHING_STANDS_OUT };
  const originals = await repos.tweets.originals(counts.retweeted.map((r) => r.id));
  const top: RetweetedTweet[] = counts.retweeted
    .filter((r) => originals.has(r.id))
    .slice(0, EXPLAIN_SIZES.retweeted)
    .map((r) => {
      const original = originals.get(r.id)!;
      const { id, text, user_screen_name, created_at } = original;
      return { id, text, user_screen_name, created_at, retweets: r.retweets };
    });
  return {
    ...base,
    tweets: counts.tweets,
    sample,
    terms: counts.terms,
    hashtags: counts.hashtags,
    top_retweeted: top,
    retweets_of_unavailable: counts.retweeted
      .filter((r) => !originals.has(r.id))
      .reduce((sum, r) => sum + r.retweets, 0),
    most_positive: counts.mostPositive,
    most_negative: counts.mostNegative,
  };
}
