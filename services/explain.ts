import type { Client } from '@elastic/elasticsearch';
import type { Day } from '../domain/days';
import {
  EXPLAIN_SIZES,
  explainSearch,
  readExplainAggregation,
  type Explanation,
  type RetweetedTweet,
} from '../domain/explain';
import type { IndexNames } from '../domain/index-names';
import type { ShowConfig } from '../domain/show-config';
import type { TweetDoc } from '../domain/tweet';

/**
 * Why a show's day spiked (domain/explain.ts): one search for the day's significant words and
 * hashtags and its most retweeted ids, then the originals of those ids that the index holds. A
 * deleted tweet is not in the index, so it is never shown; its retweets are counted apart.
 */
export async function explainDay(
  deps: { es: Client; indices: IndexNames },
  show: ShowConfig,
  date: Day,
): Promise<Explanation> {
  const answer = await deps.es.search({
    index: deps.indices.tweetsPattern,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    track_total_hits: true,
    ...explainSearch(show, date),
  });
  const sample = typeof answer.hits.total === 'number' ? answer.hits.total : (answer.hits.total?.value ?? 0);
  if (!answer.aggregations)
    return {
      show_key: show.show_key,
      date,
      tweets: 0,
      sample,
      terms: [],
      hashtags: [],
      top_retweeted: [],
      retweets_of_unavailable: 0,
    };
  const counts = readExplainAggregation(answer.aggregations);
  const originals = new Map<string, TweetDoc>();
  if (counts.retweeted.length > 0) {
    const found = await deps.es.search<TweetDoc>({
      index: deps.indices.tweetsPattern,
      ignore_unavailable: true,
      size: counts.retweeted.length,
      query: { terms: { id: counts.retweeted.map((r) => r.id) } },
      _source: ['id', 'text', 'user_screen_name', 'created_at'],
    });
    for (const hit of found.hits.hits) originals.set(hit._source!.id, hit._source!);
  }
  const held = counts.retweeted.filter((r) => originals.has(r.id));
  const top: RetweetedTweet[] = held.slice(0, EXPLAIN_SIZES.retweeted).map((r) => {
    const original = originals.get(r.id)!;
    return {
      id: r.id,
      text: original.text,
      user_screen_name: original.user_screen_name,
      created_at: original.created_at,
      retweets: r.retweets,
    };
  });
  return {
    show_key: show.show_key,
    date,
    tweets: counts.tweets,
    sample,
    terms: counts.terms,
    hashtags: counts.hashtags,
    top_retweeted: top,
    retweets_of_unavailable: counts.retweeted
      .filter((r) => !originals.has(r.id))
      .reduce((sum, r) => sum + r.retweets, 0),
  };
}
