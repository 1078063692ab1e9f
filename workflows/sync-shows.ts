import type { SheetReading } from '../contracts/shows';
import { quick } from './activity-options';
import type { SyncReport } from '../contracts/shows';

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
