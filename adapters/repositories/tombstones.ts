import type { Client } from '@elastic/elasticsearch';
import { addDays, type Day } from '../../domain/days';
import type { IndexNames } from '../../domain/index-names';
import { bulkWrite } from '../elasticsearch-bulk';
import { readAll } from '../elasticsearch-read-all';
import type { LocatedTweet } from './tweets';

/**
 * Delete tombstones (buzz-tweet-deletes), one per deleted tweet or post, keyed by its id: a delete
 * noticed before its tweet is ingested still removes it then, and an hour sealed again does not
 * bring a deleted post back. `held` says the tweet was actually removed, so a re-run counts the same.
 */
export function tombstoneRepository(es: Client, indices: IndexNames) {
  return {
    /** Tombstones for the archive's delete notices of `day`, with each tweet's creation time. */
    async recordNotices(day: Day, tweets: LocatedTweet[]): Promise<void> {
      await bulkWrite<LocatedTweet>(es, {
        what: `delete tombstones of ${day}`,
        datasource: tweets,
        onDocument: (d) => {
          const fields = { tweet_created_at: new Date(d.timeMs).toISOString(), noticed_day: day };
          return [
            { update: { _index: indices.deletes, _id: d.id } },
            { doc: fields, upsert: { ...fields, held: false } },
          ];
        },
        statusOnly: true,
      });
    },

    /** Tombstones for the live capture's deletes, by at-uri. */
    async recordUris(what: string, day: Day, uris: string[]): Promise<void> {
      await bulkWrite<{ uri: string }>(es, {
        what,
        datasource: uris.map((uri) => ({ uri })),
        onDocument: ({ uri }) => [
          { update: { _index: indices.deletes, _id: uri } },
          { doc: { noticed_day: day }, upsert: { noticed_day: day, held: false } },
        ],
        refreshOnCompletion: indices.deletes,
      });
    },

    async markHeld(what: string, ids: string[]): Promise<void> {
      await bulkWrite<{ id: string }>(es, {
        what,
        datasource: ids.map((id) => ({ id })),
        onDocument: ({ id }) => [{ update: { _index: indices.deletes, _id: id } }, { doc: { held: true } }],
        statusOnly: true,
      });
    },

    /** Ids of tombstoned tweets created on `day`, whichever day's notice tombstoned them, a page at a time. */
    async *createdOn(day: Day): AsyncGenerator<string[]> {
      const query = { range: { tweet_created_at: { gte: `${day}T00:00:00Z`, lt: `${addDays(day, 1)}T00:00:00Z` } } };
      for await (const page of es.helpers.scrollSearch({ index: indices.deletes, query, _source: false, size: 5000 }))
        yield page.body.hits.hits.map((hit) => hit._id!);
    },

    /** Notices of `day` whose tweet was held and removed. */
    async countHeld(day: Day): Promise<number> {
      const held = await es.count({
        index: indices.deletes,
        query: { bool: { filter: [{ term: { noticed_day: day } }, { term: { held: true } }] } },
      });
      return held.count;
    },

    /** Ids among these that have a tombstone. */
    async tombstoned(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const hits = await readAll(es, { index: indices.deletes, _source: false, query: { ids: { values: ids } } });
      return new Set(hits.map((hit) => hit.id));
    },

    async refresh(): Promise<void> {
      await es.indices.refresh({ index: indices.deletes, ignore_unavailable: true });
    },
  };
}

export type TombstoneRepository = ReturnType<typeof tombstoneRepository>;
