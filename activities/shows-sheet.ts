import { readSheet } from '../adapters/sheets';
import { SHOW_WORKFLOW, type SheetReading, type SyncResult } from '../contracts/shows';
import type { Day } from '../domain/days';
import { parseSheetRows } from '../domain/show-config';
import { applyShowConfigs, sheetIdentity, showsCovering } from '../services/shows';
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
    await deps.repos.shows.recordSync({
      sheet: sheetIdentity(sheetUri),
      synced_at: new Date().toISOString(),
      rows: reading.rows,
      valid: reading.shows.length,
      errors: reading.errors,
      result,
    });
    return result;
  };
}

/**
 * Signals every active show whose window (give or take a day of time zones) covers one of the
 * days: newly ingested ones, earlier ones whose tweets delete notices removed, or days whose
 * pageviews were fetched (then only the shows given, those that list Wikipedia articles).
 */
export function notifyShowsActivity(deps: ActivityDeps) {
  return async ({ days, showKeys }: { days: Day[]; showKeys?: string[] }): Promise<string[]> => {
    const notified: string[] = [];
    for (const { show, covered } of await showsCovering(deps.repos.shows, days)) {
      if (showKeys && !showKeys.includes(show.show_key)) continue;
      await deps.showSignals.signal(show.config, SHOW_WORKFLOW.daysIngested, [covered]);
      notified.push(show.show_key);
    }
    return notified;
  };
}
