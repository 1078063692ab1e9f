import { z } from 'zod';
import { workflowIds } from '../contracts/workflow-ids';
import { parseSheetRows, type RowError } from '../domain/show-config';
import { applyShowConfigs, type RegistryDeps } from './shows';

/** The body the Apps Script sends: the edited rows as the sheet shows them. */
export const sheetEditSchema = z.object({
  spreadsheetId: z.string().min(1).max(200),
  sheetName: z.string().max(200),
  editedAt: z.string().max(64),
  rows: z
    .array(z.record(z.string().max(100), z.union([z.string().max(5_000), z.number(), z.boolean(), z.null()])))
    .min(1)
    .max(500),
  /** Sheet row numbers of `rows` (optional), for error messages. */
  rowNumbers: z.array(z.number().int().min(2)).max(500).optional(),
});

export type SheetEdit = z.infer<typeof sheetEditSchema>;

/** The rows as strings keyed by header, and the headers in the order of the first row. */
export function editRows(edit: SheetEdit): { headers: string[]; rows: Record<string, string>[] } {
  const headers = [...new Set(edit.rows.flatMap((row) => Object.keys(row)))];
  return {
    headers,
    rows: edit.rows.map((row) =>
      Object.fromEntries(headers.map((h) => [h, row[h] === null || row[h] === undefined ? '' : String(row[h])])),
    ),
  };
}

/** What an edit did: the show workflows it started or signalled, the shows it left alone, its refused rows. */
export interface SheetEditResult {
  workflowIds: string[];
  unchanged: string[];
  errors: RowError[];
}

/**
 * Applies the edited rows of a sheet (already authenticated): validates them as a sync does,
 * naming refused rows by their row in the sheet, and starts, updates or stops the shows they
 * hold. Shows of rows that were not sent are left alone: only a whole sync retires shows.
 */
export async function applySheetEdit(
  deps: RegistryDeps & { ensureShowIndices: () => Promise<void> },
  edit: SheetEdit,
): Promise<SheetEditResult> {
  const { headers, rows } = editRows(edit);
  const parsed = parseSheetRows(rows, headers);
  const sheetRow = (row: number) => edit.rowNumbers?.[row - 2] ?? row;
  const errors = parsed.errors.map((error) => ({ ...error, row: sheetRow(error.row) }));
  const shows = parsed.shows.map((show) => ({ ...show, row: sheetRow(show.row) }));
  await deps.ensureShowIndices();
  const result = await applyShowConfigs(
    deps,
    `google:${edit.spreadsheetId}`,
    { rows: rows.length, shows, errors },
    { retireMissing: false },
  );
  const signalled = [...result.started, ...result.updated, ...result.stopped];
  return { workflowIds: signalled.map(workflowIds.show), unchanged: result.unchanged, errors };
}
