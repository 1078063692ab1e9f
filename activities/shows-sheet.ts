import { readSheet } from '../adapters/sheets';
import { addDays, type Day } from '../domain/days';
import type { RegisteredShow } from '../domain/buzz-docs';
import { parseSheetRows } from '../domain/show-config';
import { SHOW_WORKFLOW } from '../contracts/shows';
import { readAll } from '../adapters/elasticsearch-read-all';
import { applyShowConfigs, sheetIdentity } from '../services/shows';
import { type SheetReading, type SyncResult } from '../contracts/shows';
import type { ActivityDeps } from './deps';

export function readShowsSheetActivity(deps: ActivityDeps) {
  return async ({ sheetUri }: { sheetUri: string }): Promise<SheetReading> => {
    const sheet = await readSheet(sheetUri, deps.sheets);
    const { shows, errors } = parseSheetRows(sheet.rows, sheet.headers);
    return { rows: sheet.rows.length, shows, errors };
  };
}

/** Applies a whole sheet (see applyShowConfigs) and records the sync report with its row errors. */
export function applySheetActivity(deps: ActivityDeps) {
  return async ({ sheetUri, reading }: { sheetUri: string; reading: SheetReading }): Promise<SyncResult> => {
    const result = await applyShowConfigs(deps, sheetUri, reading, { retireMissing: true });
    await deps.es.index({
      index: deps.indices.sheetSyncs,
      id: sheetIdentity(sheetUri),
      document: {
        sheet: sheetIdentity(sheetUri),
        synced_at: new Date().toISOString(),
        rows: reading.rows,
        valid: reading.shows.length,
        errors: reading.errors,
        result,
      },
      refresh: 'wait_for',
    });
    return result;
  };
}

/**
 * Signals every active show whose window (give or take a day of time zones) covers one of the
 * days: newly ingested ones, and earlier ones whose tweets delete notices removed.
 */
export function notifyShowsActivity(deps: ActivityDeps) {
  return async ({ days }: { days: Day[] }): Promise<string[]> => {
    const sorted = [...days].sort();
    if (sorted.length === 0) return [];
    const covering = await readAll<RegisteredShow>(deps.es, {
      index: deps.indices.shows,
      query: {
        bool: {
          filter: [
            { term: { status: 'active' } },
            { range: { window_start: { lte: addDays(sorted[sorted.length - 1]!, 1) } } },
            { range: { window_end: { gte: addDays(sorted[0]!, -1) } } },
          ],
        },
      },
    });
    const notified: string[] = [];
    for (const { source: show } of covering) {
      const covered = sorted.filter(
        (day) => day >= addDays(show.window_start, -1) && day <= addDays(show.window_end, 1),
      );
      if (covered.length === 0) continue;
      await deps.showSignals.signal(show.config, SHOW_WORKFLOW.daysIngested, [covered]);
      notified.push(show.show_key);
    }
    return notified;
  };
}
