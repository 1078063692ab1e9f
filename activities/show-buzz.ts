import { log } from '@temporalio/activity';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import { readAll } from '../adapters/elasticsearch-read-all';
import { measureShow } from '../services/measure-show';
import { buzzTotals } from '../domain/buzz-coverage';
import { addDays, type Day } from '../domain/days';
import type { DailyDoc } from '../domain/buzz-docs';
import type { ShowConfig } from '../domain/show-config';
import type { ActivityDeps } from './deps';
import type { ShowBuzzResult } from '../contracts/shows';

export function dailyDocId(showKey: string, date: Day): string {
  return `${showKey}@${date}`;
}

/** Ids of a show's daily documents outside its window (a window that shrank, dates that moved). */
async function docsOutsideWindow(deps: ActivityDeps, show: ShowConfig): Promise<string[]> {
  const hits = await readAll(deps.es, {
    index: deps.indices.daily,
    _source: false,
    query: {
      bool: {
        filter: [{ term: { show_key: show.show_key } }],
        must_not: [{ range: { date: { gte: show.window_start, lte: show.window_end } } }],
      },
    },
  });
  return hits.map((hit) => hit.id);
}

/**
 * Computes a show's buzz for its whole window (or the days around some UTC days) with one search, and
 * writes one buzz-daily document per day (_id = show_key@date, so a recomputation replaces).
 * A whole-window computation also removes the show's documents outside the window.
 */
export function computeShowBuzzActivity(deps: ActivityDeps) {
  return async ({ config, days }: { config: ShowConfig; days?: Day[] }): Promise<ShowBuzzResult> => {
    // `days` are UTC days (of ingestion): in the show's time zone each touches the day before or after.
    const local = days && [...new Set(days.flatMap((day) => [addDays(day, -1), day, addDays(day, 1)]))];
    const inWindow = local?.filter((day) => day >= config.window_start && day <= config.window_end).sort();
    const from = inWindow ? inWindow[0] : config.window_start;
    const to = inWindow ? inWindow[inWindow.length - 1] : config.window_end;
    const computedAt = new Date().toISOString();
    if (!from || !to) {
      return {
        show_key: config.show_key,
        computedAt,
        from: config.window_start,
        to: config.window_start,
        days: 0,
        tweets: 0,
        removedDays: 0,
      };
    }
    const docs = await measureShow(deps, config, from, to, computedAt);
    await bulkWrite<DailyDoc>(deps.es, {
      what: `buzz of ${config.show_key}`,
      datasource: docs,
      onDocument: (doc) => ({ index: { _index: deps.indices.daily, _id: dailyDocId(doc.show_key, doc.date) } }),
      refreshOnCompletion: deps.indices.daily,
    });
    const outside = days ? [] : await docsOutsideWindow(deps, config);
    await bulkWrite<string>(deps.es, {
      what: `stale buzz days of ${config.show_key}`,
      datasource: outside,
      onDocument: (id) => ({ delete: { _index: deps.indices.daily, _id: id } }),
      ignoreStatus: [404],
      refreshOnCompletion: deps.indices.daily,
    });
    await deps.es.update({
      index: deps.indices.shows,
      id: config.show_key,
      doc: { show_key: config.show_key, last_computed_at: computedAt },
      doc_as_upsert: true,
      refresh: 'wait_for',
    });
    const totals = buzzTotals(docs);
    deps.metrics.showRecomputed(config.show_key);
    log.info('show buzz computed', { showKey: config.show_key, from, to, days: docs.length, tweets: totals.tweets });
    return {
      show_key: config.show_key,
      computedAt,
      from,
      to,
      days: docs.length,
      tweets: totals.tweets,
      removedDays: outside.length,
    };
  };
}

/** Removes a show's daily documents (its row left the sheet). */
export function removeShowBuzzActivity(deps: ActivityDeps) {
  return async ({ showKey }: { showKey: string }): Promise<number> => {
    const ids = (
      await readAll(deps.es, { index: deps.indices.daily, _source: false, query: { term: { show_key: showKey } } })
    ).map((hit) => hit.id);
    await bulkWrite<string>(deps.es, {
      what: `buzz days of ${showKey}`,
      datasource: ids,
      onDocument: (id) => ({ delete: { _index: deps.indices.daily, _id: id } }),
      ignoreStatus: [404],
      refreshOnCompletion: deps.indices.daily,
    });
    return ids.length;
  };
}
