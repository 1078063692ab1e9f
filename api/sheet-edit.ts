import { z } from 'zod';

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
