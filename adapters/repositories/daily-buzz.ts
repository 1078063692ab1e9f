import type { Client } from '@elastic/elasticsearch';
import type { DailyDoc } from '../../domain/buzz-docs';
import type { Day } from '../../domain/days';
import type { IndexNames } from '../../domain/index-names';
import type { ShowConfig } from '../../domain/show-config';
import { bulkWrite } from '../elasticsearch-bulk';
import { readAll } from '../elasticsearch-read-all';

/** A buzz-daily document's id: one per show season and local day, so a recomputation replaces it. */
export function dailyDocId(showKey: string, date: Day): string {
  return `${showKey}@${date}`;
}

/** Daily buzz (buzz-daily): what the show workflows computed, one document per show season and day. */
export function dailyBuzzRepository(es: Client, indices: IndexNames) {
  const remove = async (what: string, ids: string[]): Promise<void> => {
    await bulkWrite<string>(es, {
      what,
      datasource: ids,
      onDocument: (id) => ({ delete: { _index: indices.daily, _id: id } }),
      ignoreStatus: [404],
      refreshOnCompletion: indices.daily,
    });
  };
  const idsOf = async (query: object): Promise<string[]> =>
    (await readAll(es, { index: indices.daily, _source: false, query })).map((hit) => hit.id);

  return {
    /** A show's days, in date order. */
    async ofShow(showKey: string): Promise<DailyDoc[]> {
      const hits = await readAll<DailyDoc>(es, {
        index: indices.daily,
        query: { term: { show_key: showKey } },
        sort: [{ date: 'asc' }],
      });
      return hits.map((hit) => hit.source);
    },

    /** Every show's days whose days_since_launch is within `from`..`to`. */
    async sinceLaunch(from: number, to: number): Promise<DailyDoc[]> {
      const hits = await readAll<DailyDoc>(es, {
        index: indices.daily,
        query: { range: { days_since_launch: { gte: from, lte: to } } },
        sort: [{ show_key: 'asc' }, { date: 'asc' }],
      });
      return hits.map((hit) => hit.source);
    },

    async write(showKey: string, docs: DailyDoc[]): Promise<void> {
      await bulkWrite<DailyDoc>(es, {
        what: `buzz of ${showKey}`,
        datasource: docs,
        onDocument: (doc) => ({ index: { _index: indices.daily, _id: dailyDocId(doc.show_key, doc.date) } }),
        refreshOnCompletion: indices.daily,
      });
    },

    /** Removes a show's days outside its window (a window that shrank, dates that moved); counts them. */
    async removeOutsideWindow(show: ShowConfig): Promise<number> {
      const ids = await idsOf({
        bool: {
          filter: [{ term: { show_key: show.show_key } }],
          must_not: [{ range: { date: { gte: show.window_start, lte: show.window_end } } }],
        },
      });
      await remove(`stale buzz days of ${show.show_key}`, ids);
      return ids.length;
    },

    /** Removes all of a show's days (its row left the sheet); counts them. */
    async removeShow(showKey: string): Promise<number> {
      const ids = await idsOf({ term: { show_key: showKey } });
      await remove(`buzz days of ${showKey}`, ids);
      return ids.length;
    },
  };
}

export type DailyBuzzRepository = ReturnType<typeof dailyBuzzRepository>;
