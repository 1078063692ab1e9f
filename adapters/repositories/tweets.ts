import type { Client } from '@elastic/elasticsearch';
import {
  buzzSearch,
  hourlySearch,
  readBuzzAggregation,
  readHourlyAggregation,
  type HourCounts,
} from '../../domain/buzz-query';
import type { Day } from '../../domain/days';
import { explainSearch, readExplainAggregation, type ExplainCounts } from '../../domain/explain';
import type { IndexNames } from '../../domain/index-names';
import type { ShowConfig } from '../../domain/show-config';
import { tweetKeyOf, type Source, type TweetDoc } from '../../domain/tweet';
import type { OrganicPost } from '../../domain/organic';
import { bulkWrite } from '../elasticsearch-bulk';
import { readAll } from '../elasticsearch-read-all';
import { searchBatch } from '../elasticsearch-search-batch';

/** A tweet to delete: its id and creation time (which names its monthly index). */
export interface LocatedTweet {
  id: string;
  timeMs: number;
}

/** A tweet document as the index holds it, with the monthly index it is in. */
export interface IndexedTweet {
  doc: TweetDoc;
  index: string;
}

/** Searches of the monthly tweet indices: any month, none yet (an empty answer), never a failure for that. */
const ALL_MONTHS = { ignore_unavailable: true, allow_no_indices: true } as const;
/** Ids per terms query: the default max_terms_count is 65,536; pages keep answers small. */
const IDS_PER_SEARCH = 1_000;

/**
 * The tweet documents (buzz-tweets-YYYY.MM behind the buzz-tweets alias): written from the store's
 * preprocessed copy and by the live hours, removed by deletes, counted per show by day and hour.
 * `_id` is the tweet's id (a Bluesky post's at-uri), so a retried write replaces instead of adding.
 */
export function tweetRepository(es: Client, indices: IndexNames) {
  const batch = searchBatch(es);
  return {
    /** Writes stored lines as they are (never parsed and serialized again); gives how many were indexed. */
    async indexStoredLines(what: string, lines: AsyncGenerator<string>, onFailedItems?: (n: number) => void) {
      const stats = await bulkWrite<string>(es, {
        what,
        datasource: lines,
        onDocument: (line) => {
          const { id, created_at } = tweetKeyOf(line);
          return { index: { _index: indices.tweetsIndexFor(created_at), _id: id } };
        },
        onFailedItems,
        statusOnly: true,
      });
      return stats.successful;
    },

    async index(what: string, docs: TweetDoc[], onFailedItems?: (n: number) => void): Promise<void> {
      await bulkWrite<TweetDoc>(es, {
        what,
        datasource: docs,
        onDocument: (doc) => ({ index: { _index: indices.tweetsIndexFor(doc.created_at), _id: doc.id } }),
        onFailedItems,
        refreshOnCompletion: indices.tweetsPattern,
      });
    },

    /** Deletes tweets from their monthly indices; gives the ids that were there. A tweet never held answers 404: nothing to do. */
    async deleteLocated(what: string, tweets: LocatedTweet[]): Promise<string[]> {
      const removed: string[] = [];
      await bulkWrite<LocatedTweet>(es, {
        what,
        datasource: tweets,
        onDocument: (d) => ({
          delete: { _index: indices.tweetsIndexFor(new Date(d.timeMs).toISOString()), _id: d.id },
        }),
        onSuccess: ({ result }) => {
          if (result.delete?.result === 'deleted') removed.push(result.delete._id!);
        },
        ignoreStatus: [404],
      });
      return removed;
    },

    /** Deletes documents found by byIds (any source); counts those deleted. */
    async deleteIndexed(what: string, found: IndexedTweet[]): Promise<number> {
      let deleted = 0;
      await bulkWrite(es, {
        what,
        datasource: found,
        onDocument: ({ doc, index }) => ({ delete: { _index: index, _id: doc.id } }),
        onSuccess: () => deleted++,
        ignoreStatus: [404],
        refreshOnCompletion: indices.tweetsPattern,
      });
      return deleted;
    },

    /** The documents the index holds under these ids, in any month. */
    async byIds(ids: string[]): Promise<Map<string, IndexedTweet>> {
      const found = new Map<string, IndexedTweet>();
      for (let i = 0; i < ids.length; i += IDS_PER_SEARCH) {
        const answer = await es.search<TweetDoc>({
          index: indices.tweetsAlias,
          ...ALL_MONTHS,
          size: IDS_PER_SEARCH,
          query: { terms: { id: ids.slice(i, i + IDS_PER_SEARCH) } },
        });
        for (const hit of answer.hits.hits) found.set(hit._id!, { doc: hit._source!, index: hit._index });
      }
      return found;
    },

    /** Makes every write so far visible to searches. */
    async refresh(): Promise<void> {
      await es.indices.refresh({ index: indices.tweetsPattern, ...ALL_MONTHS });
    },

    /**
     * A show's matching tweets by local day, of every source or of one (domain/buzz-query.ts).
     * Show computations running together send theirs as one request (elasticsearch-search-batch.ts).
     */
    async countByDay(show: ShowConfig, from: Day, to: Day, source?: Source) {
      const answer = await batch.search({
        index: indices.tweetsPattern,
        ...ALL_MONTHS,
        request_cache: false,
        body: { size: 0, ...buzzSearch(show, from, to, source) },
      });
      return readBuzzAggregation(answer.aggregations, show, from, to);
    },

    /**
     * Every matching post of a show's days, with what classifies it as owned, flood, burst or
     * organic (domain/organic.ts) but its text, all read from doc values: `originals` reads the
     * texts that the classification needs. Documents indexed before sources existed are the
     * archive's.
     */
    async matchingPosts(show: ShowConfig, from: Day, to: Day, source?: Source): Promise<OrganicPost[]> {
      const { query } = buzzSearch(show, from, to, source);
      // Pages as large as an index serves (its max_result_window): a show's window in one request.
      const hits = await readAll(
        es,
        {
          index: indices.tweetsPattern,
          query,
          docvalue_fields: [
            'id',
            { field: 'created_at', format: 'strict_date_time' },
            'user_id',
            'user_screen_name',
            'is_retweet',
            'source',
            'near_duplicate_bands',
          ],
        },
        10_000,
      );
      return hits.map(({ fields }) => {
        const value = <T>(field: string) => fields[field]?.[0] as T;
        const bands = value<string | undefined>('near_duplicate_bands');
        return {
          id: value<string>('id'),
          created_at: value<string>('created_at'),
          user_id: value<string>('user_id'),
          user_screen_name: value<string>('user_screen_name'),
          text: null,
          is_retweet: value<boolean>('is_retweet'),
          source: value<Source | undefined>('source') ?? 'twitter',
          ...(bands === undefined ? {} : { near_duplicate_bands: bands }),
        };
      });
    },

    /** A show's matching tweets by UTC hour from `fromIso` to `toIso`, in total and per source. */
    async countByHour(show: ShowConfig, fromIso: string, toIso: string): Promise<HourCounts[]> {
      const answer = await es.search({
        index: indices.tweetsPattern,
        ...ALL_MONTHS,
        size: 0,
        ...hourlySearch(show, fromIso, toIso),
      });
      return answer.aggregations ? readHourlyAggregation(answer.aggregations) : [];
    },

    /** What stood out in a show's day (domain/explain.ts), and how many tweets of the sample the day had. */
    async explainCounts(show: ShowConfig, date: Day): Promise<{ sample: number; counts?: ExplainCounts }> {
      const answer = await es.search({
        index: indices.tweetsPattern,
        ...ALL_MONTHS,
        size: 0,
        track_total_hits: true,
        ...explainSearch(show, date),
      });
      const total = answer.hits.total;
      const sample = typeof total === 'number' ? total : (total?.value ?? 0);
      return { sample, counts: answer.aggregations ? readExplainAggregation(answer.aggregations) : undefined };
    },

    /**
     * Tweets by id with their text and author (any month, IDS_PER_SEARCH a search): for display,
     * and the texts a show's classification needs. A deleted tweet is not among them.
     */
    async originals(ids: string[]): Promise<Map<string, TweetDoc>> {
      const originals = new Map<string, TweetDoc>();
      for (let i = 0; i < ids.length; i += IDS_PER_SEARCH) {
        const found = await es.search<TweetDoc>({
          index: indices.tweetsPattern,
          ...ALL_MONTHS,
          size: IDS_PER_SEARCH,
          query: { terms: { id: ids.slice(i, i + IDS_PER_SEARCH) } },
          _source: ['id', 'text', 'user_screen_name', 'created_at'],
        });
        for (const hit of found.hits.hits) originals.set(hit._source!.id, hit._source!);
      }
      return originals;
    },

    /**
     * Runs one size-0 search per query (batched in msearch requests) and gives each answer's
     * aggregations: many shows' searches in a few round trips.
     */
    async aggregateEach(what: (i: number) => string, searches: object[]): Promise<unknown[]> {
      const answers: unknown[] = [];
      for (let start = 0; start < searches.length; start += MSEARCH_BATCH) {
        const batch = searches.slice(start, start + MSEARCH_BATCH);
        const answer = await es.msearch({
          searches: batch.flatMap((search) => [
            { index: indices.tweetsPattern, ...ALL_MONTHS },
            { size: 0, ...search },
          ]),
        });
        for (const [i, response] of answer.responses.entries()) {
          if ('error' in response) throw new Error(`${what(start + i)}: ${JSON.stringify(response.error)}`);
          answers.push(response.aggregations);
        }
      }
      return answers;
    },
  };
}

/** Searches per msearch request. */
const MSEARCH_BATCH = 100;

export type TweetRepository = ReturnType<typeof tweetRepository>;
