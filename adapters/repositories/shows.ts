import type { Client } from '@elastic/elasticsearch';
import type { PageviewsFetchReport, RegisteredShow } from '../../domain/buzz-docs';
import { addDays, type Day } from '../../domain/days';
import type { IndexNames } from '../../domain/index-names';
import type { RowError } from '../../domain/show-config';
import { findShow } from '../../domain/show-lookup';
import { bulkWrite } from '../elasticsearch-bulk';
import { readAll } from '../elasticsearch-read-all';

/** A sheet's last sync, as recorded in buzz-sheet-syncs. */
export interface SheetSyncDoc {
  sheet: string;
  synced_at: string;
  rows: number;
  valid: number;
  errors: RowError[];
  result?: unknown;
}

/** The show registry (buzz-shows, one document per show_key) and the sheets' sync reports (buzz-sheet-syncs). */
export function showRepository(es: Client, indices: IndexNames) {
  /** Sets fields of a show's entry (what its workflow did), visible to the next read. */
  async function note(showKey: string, fields: Partial<RegisteredShow>): Promise<void> {
    await es.update({
      index: indices.shows,
      id: showKey,
      doc: { show_key: showKey, ...fields },
      doc_as_upsert: true,
      refresh: 'wait_for',
    });
  }

  return {
    /** Every registered show, by show_key. */
    async all(): Promise<RegisteredShow[]> {
      const hits = await readAll<RegisteredShow>(es, {
        index: indices.shows,
        query: { exists: { field: 'status' } },
        sort: [{ show_key: 'asc' }],
      });
      return hits.map((hit) => hit.source);
    },

    /** A show by show_key, or by name (and season when the name has several). */
    async find(nameOrKey: string, season?: string): Promise<RegisteredShow> {
      return findShow(await this.all(), nameOrKey, season);
    },

    /** Active shows whose window, give or take a day of time zones, meets `from`..`to`. */
    async activeCovering(from: Day, to: Day): Promise<RegisteredShow[]> {
      const hits = await readAll<RegisteredShow>(es, {
        index: indices.shows,
        query: {
          bool: {
            filter: [
              { term: { status: 'active' } },
              { range: { window_start: { lte: addDays(to, 1) } } },
              { range: { window_end: { gte: addDays(from, -1) } } },
            ],
          },
        },
      });
      return hits.map((hit) => hit.source);
    },

    /** Creates or updates registry entries (each by its show_key). */
    async upsert(entries: Omit<RegisteredShow, 'last_computed_at'>[]): Promise<void> {
      await bulkWrite(es, {
        what: 'the show registry',
        datasource: entries,
        onDocument: (entry) => [
          { update: { _index: indices.shows, _id: entry.show_key } },
          { doc: entry, doc_as_upsert: true },
        ],
        refreshOnCompletion: indices.shows,
      });
    },

    markComputed(showKey: string, computedAt: string): Promise<void> {
      return note(showKey, { last_computed_at: computedAt });
    },

    /** What the show's last pageviews fetch could not get: articles without data (404), requests that failed. */
    markPageviewsFetched(showKey: string, fetch: PageviewsFetchReport): Promise<void> {
      return note(showKey, { pageviews_fetch: fetch });
    },

    async recordSync(doc: SheetSyncDoc): Promise<void> {
      await es.index({ index: indices.sheetSyncs, id: doc.sheet, document: doc, refresh: 'wait_for' });
    },

    async sheetSyncs(): Promise<SheetSyncDoc[]> {
      const answer = await es.search<SheetSyncDoc>({ index: indices.sheetSyncs, ignore_unavailable: true, size: 100 });
      return answer.hits.hits.map((hit) => hit._source!);
    },
  };
}

export type ShowRepository = ReturnType<typeof showRepository>;
