import { localDaysClause, matchQuery } from './buzz-query';
import type { Day } from './days';
import type { FloodCluster, OrganicDay, OrganicPost } from './organic';
import { SENTIMENT_THRESHOLD } from './sentiment';
import type { ShowConfig } from './show-config';

/**
 * "Why did this day spike": what set a show's matching tweets of one (local) day apart from the
 * whole day's sample, and which of its tweets were retweeted most.
 */
export interface Explanation {
  show_key: string;
  date: Day;
  /** The show's matching tweets (and retweets) that day. */
  tweets: number;
  /** Every tweet indexed that day: the background. */
  sample: number;
  /** Words of the matching tweets' text unusually frequent against the day's sample, most significant first. */
  terms: SignificantTerm[];
  /** The same of their hashtags. */
  hashtags: SignificantTerm[];
  /** Original tweets the day's matching retweets reposted most, that the index still holds. */
  top_retweeted: RetweetedTweet[];
  /** Matching retweets of originals the index does not hold (deleted, or never ingested): not shown. */
  retweets_of_unavailable: number;
  /** The day's matching original posts scored most positive, highest first (docs/sentiment.md). */
  most_positive: ScoredPost[];
  /** The same, most negative first. */
  most_negative: ScoredPost[];
  /** The day's copy-paste floods (docs/organic.md), largest first: posts, accounts and the first post's text. */
  floods: FloodCluster[];
  /** Matching posts by the show's official accounts that day, and the first of them in time. */
  owned: number;
  owned_posts: OwnedPost[];
}

/** A post by one of the show's official accounts. */
export interface OwnedPost {
  id: string;
  text: string;
  user_screen_name: string;
  created_at: string;
}

/** A matching original post and its sentiment score. */
export interface ScoredPost {
  id: string;
  text: string;
  user_screen_name: string;
  created_at: string;
  sentiment: number;
}

export interface SignificantTerm {
  term: string;
  /** Matching tweets with it. */
  tweets: number;
  /** Tweets of the day's sample with it. */
  sample_tweets: number;
  score: number;
}

export interface RetweetedTweet {
  id: string;
  text: string;
  user_screen_name: string;
  created_at: string;
  /** The day's matching retweets of it. */
  retweets: number;
}

/** How many of each list; originals are looked up among the most retweeted twice as many. */
export const EXPLAIN_SIZES = { terms: 10, hashtags: 10, retweeted: 5, scored: 5, floods: 5, owned: 10 };

/** The lists of a day with no matching post: nothing stands out, nothing was retweeted or scored. */
export const NOTHING_STANDS_OUT = {
  terms: [],
  hashtags: [],
  top_retweeted: [],
  retweets_of_unavailable: 0,
  most_positive: [],
  most_negative: [],
} as const satisfies Partial<Explanation>;

/** What the day's organic classification set apart from the audience: its largest floods and its owned posts. */
export function setApart(
  day: OrganicDay | undefined,
  posts: OrganicPost[],
): Pick<Explanation, 'floods' | 'owned' | 'owned_posts'> {
  if (!day) return { floods: [], owned: 0, owned_posts: [] };
  const owned = posts
    .filter((post) => day.categories.get(post.id) === 'owned')
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  return {
    floods: day.floods.slice(0, EXPLAIN_SIZES.floods),
    owned: owned.length,
    owned_posts: owned
      .slice(0, EXPLAIN_SIZES.owned)
      // textsToRead (domain/organic.ts) reads the text of every owned post.
      .map(({ id, text, user_screen_name, created_at }) => ({ id, text: text ?? '', user_screen_name, created_at })),
  };
}

/**
 * The day's matching originals of one label, the strongest first (ties by id, so the list is the
 * same every time). Retweets are left out: they repeat their original's text.
 */
function strongest(label: 'positive' | 'negative'): object {
  const range = label === 'positive' ? { gte: SENTIMENT_THRESHOLD } : { lte: -SENTIMENT_THRESHOLD };
  return {
    filter: { bool: { filter: [{ range: { sentiment: range } }], must_not: [{ term: { is_retweet: true } }] } },
    aggs: {
      posts: {
        top_hits: {
          size: EXPLAIN_SIZES.scored,
          sort: [{ sentiment: label === 'positive' ? 'desc' : 'asc' }, { id: 'asc' }],
          _source: { includes: ['id', 'text', 'user_screen_name', 'created_at', 'sentiment'] },
        },
      },
    },
  };
}

/** A term that occurs in fewer matching tweets says nothing (significant_* `min_doc_count`). */
const MIN_TWEETS = 3;

/** The show's own words and tags: in every matching tweet by construction, so never an explanation. */
export function ownTerms(show: ShowConfig): { words: string[]; tags: string[] } {
  const terms = [...show.mandatory, ...show.optional];
  const tags = terms.flatMap((term) => (term.kind === 'hashtag' ? [term.tag] : []));
  const words = terms.flatMap((term) => {
    if (term.kind === 'phrase') return term.norm.split(' ');
    return term.kind === 'hashtag' ? [term.tag] : [term.name];
  });
  return { words: [...new Set(words)], tags: [...new Set(tags)] };
}

/**
 * The search of a show's day: the day's tweets (the background), and within them the matching
 * ones (the foreground) with significant words (significant_text re-reads `text_norm` from the
 * source; duplicates such as retweets filtered), significant hashtags, the retweeted ids, and the
 * most positive and most negative posts.
 */
export function explainSearch(show: ShowConfig, date: Day): { query: object; aggs: Record<string, object> } {
  const day = localDaysClause(date, date, show.timezone);
  const own = ownTerms(show);
  return {
    query: { bool: { filter: [day] } },
    aggs: {
      matching: {
        filter: matchQuery(show),
        aggs: {
          terms: {
            significant_text: {
              field: 'text_norm',
              size: EXPLAIN_SIZES.terms,
              min_doc_count: MIN_TWEETS,
              filter_duplicate_text: true,
              background_filter: day,
              exclude: own.words,
            },
          },
          hashtags: {
            significant_terms: {
              field: 'hashtags',
              size: EXPLAIN_SIZES.hashtags,
              min_doc_count: MIN_TWEETS,
              background_filter: day,
              exclude: own.tags,
            },
          },
          retweeted: {
            filter: { term: { is_retweet: true } },
            aggs: { ids: { terms: { field: 'retweeted_id', size: EXPLAIN_SIZES.retweeted * 2 } } },
          },
          most_positive: strongest('positive'),
          most_negative: strongest('negative'),
        },
      },
    },
  };
}

interface SignificantBucket {
  key: string;
  doc_count: number;
  bg_count: number;
  score: number;
}

export interface ExplainCounts {
  tweets: number;
  terms: SignificantTerm[];
  hashtags: SignificantTerm[];
  /** Retweeted ids, most retweeted first, and the day's matching retweets of each. */
  retweeted: { id: string; retweets: number }[];
  /** Matching retweets in all. */
  retweetsTotal: number;
  mostPositive: ScoredPost[];
  mostNegative: ScoredPost[];
}

type PostsBucket = { posts: { hits: { hits: { _source: ScoredPost }[] } } };

export function readExplainAggregation(aggregations: unknown): ExplainCounts {
  const matching = (
    aggregations as {
      matching: {
        doc_count: number;
        terms: { buckets: SignificantBucket[] };
        hashtags: { buckets: SignificantBucket[] };
        retweeted: { doc_count: number; ids: { buckets: { key: string; doc_count: number }[] } };
        most_positive: PostsBucket;
        most_negative: PostsBucket;
      };
    }
  ).matching;
  const significant = (buckets: SignificantBucket[]): SignificantTerm[] =>
    buckets.map((b) => ({ term: b.key, tweets: b.doc_count, sample_tweets: b.bg_count, score: b.score }));
  return {
    tweets: matching.doc_count,
    terms: significant(matching.terms.buckets),
    hashtags: significant(matching.hashtags.buckets),
    retweeted: matching.retweeted.ids.buckets.map((b) => ({ id: b.key, retweets: b.doc_count })),
    retweetsTotal: matching.retweeted.doc_count,
    mostPositive: matching.most_positive.posts.hits.hits.map((hit) => hit._source),
    mostNegative: matching.most_negative.posts.hits.hits.map((hit) => hit._source),
  };
}
