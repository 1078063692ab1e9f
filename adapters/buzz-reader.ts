import type { Client } from '@elastic/elasticsearch';
import type { AlertRecord, AlertStatus } from '../domain/alerts';
import type { DailyDoc, RegisteredShow } from '../domain/buzz-docs';
import type { IndexNames } from '../domain/index-names';
import type { RowError } from '../domain/show-config';
import { findShow } from '../domain/show-lookup';
import { readAll } from './elasticsearch-read-all';

/** Reads what the workflows wrote: the show registry, sheet sync reports, daily buzz, spike alerts. */
export function buzzReader(es: Client, indices: IndexNames) {
  return {
    async shows(): Promise<RegisteredShow[]> {
      const hits = await readAll<RegisteredShow>(es, {
        index: indices.shows,
        query: { exists: { field: 'status' } },
        sort: [{ show_key: 'asc' }],
      });
      return hits.map((hit) => hit.source);
    },

    async sheetSyncs(): Promise<
      { sheet: string; synced_at: string; rows: number; valid: number; errors: RowError[] }[]
    > {
      const answer = await es.search<{
        sheet: string;
        synced_at: string;
        rows: number;
        valid: number;
        errors: RowError[];
      }>({
        index: indices.sheetSyncs,
        ignore_unavailable: true,
        size: 100,
      });
      return answer.hits.hits.map((hit) => hit._source!);
    },

    /** A show by show_key, or by name (and season when the name has several). */
    async findShow(nameOrKey: string, season?: string): Promise<RegisteredShow> {
      return findShow(await this.shows(), nameOrKey, season);
    },

    async dailyBuzz(showKey: string): Promise<DailyDoc[]> {
      const hits = await readAll<DailyDoc>(es, {
        index: indices.daily,
        query: { term: { show_key: showKey } },
        sort: [{ date: 'asc' }],
      });
      return hits.map((hit) => hit.source);
    },

    /** Every show's days whose days_since_launch is within `from`..`to`. */
    async dailyBuzzSinceLaunch(from: number, to: number): Promise<DailyDoc[]> {
      const hits = await readAll<DailyDoc>(es, {
        index: indices.daily,
        query: { range: { days_since_launch: { gte: from, lte: to } } },
        sort: [{ show_key: 'asc' }, { date: 'asc' }],
      });
      return hits.map((hit) => hit.source);
    },

    /** Spike alerts, newest first (day, then hour; then show_key), of one show or status when asked. */
    async alerts(filter: { showKey?: string; status?: AlertStatus } = {}): Promise<AlertRecord[]> {
      const hits = await readAll<AlertRecord>(es, {
        index: indices.alerts,
        query: {
          bool: {
            filter: [
              ...(filter.showKey ? [{ term: { show_key: filter.showKey } }] : []),
              ...(filter.status ? [{ term: { status: filter.status } }] : []),
            ],
          },
        },
        sort: [{ date: 'desc' }, { period: 'desc' }, { show_key: 'asc' }],
      });
      return hits.map((hit) => hit.source);
    },
  };
}

export type BuzzReader = ReturnType<typeof buzzReader>;
