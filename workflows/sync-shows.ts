import type { SheetReading, SyncResult } from '../activities/shows-sheet';
import type { RowError } from '../domain/show-config';
import { quick } from './activity-options';

export interface SyncReport extends SyncResult {
  sheet: string;
  rows: number;
  valid: number;
  errors: RowError[];
}

/**
 * Reads the sheet, validates its rows, and brings the show workflows in line with it: missing
 * ones started, changed ones signalled, inactive ones stopped, removed ones retired.
 */
export async function syncShows({ sheetUri }: { sheetUri: string }): Promise<SyncReport> {
  await quick.ensureShowIndices();
  const reading: SheetReading = await quick.readShowsSheet({ sheetUri });
  const result = await quick.applySheet({ sheetUri, reading });
  return { sheet: sheetUri, rows: reading.rows, valid: reading.shows.length, errors: reading.errors, ...result };
}
