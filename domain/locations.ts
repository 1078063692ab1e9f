/**
 * The two kinds of location a user types: where daily archives come from (`--source`) and where
 * the show sheet is (`--sheet`). Parsed here once, for the CLI's checks before anything starts
 * and for the adapters that open them.
 */
export type SourceLocation =
  { kind: 'dir'; path: string } | { kind: 's3'; bucket: string; prefix: string } | { kind: 'https'; url: string };

export type SheetLocation = { kind: 'file'; path: string } | { kind: 'google'; spreadsheetId: string; range: string };

export const SOURCE_FORMS = 'dir:<folder>, s3://bucket/prefix or https://… (archive.org layout)';
export const SHEET_FORMS = 'file:<path.csv> or google:<spreadsheetId>[#<range>]';

/** S3's rules for bucket names: 3–63 lowercase letters, digits, dots and hyphens. */
const S3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;
/** A Google spreadsheet id: the letters, digits, `-` and `_` of its URL (44 of them in practice). */
const GOOGLE = /^google:([A-Za-z0-9_-]+)(?:#(.+))?$/;

export function parseSourceUri(uri: string): SourceLocation | undefined {
  if (uri.startsWith('dir:') && uri.length > 'dir:'.length) return { kind: 'dir', path: uri.slice('dir:'.length) };
  const s3 = S3.exec(uri);
  if (s3) return { kind: 's3', bucket: s3[1]!, prefix: (s3[2] ?? '').replace(/\/+$/, '') };
  if (/^https?:\/\/[^\s/]+/.test(uri)) return { kind: 'https', url: uri.replace(/\/+$/, '') };
  return undefined;
}

export function parseSheetUri(uri: string): SheetLocation | undefined {
  if (uri.startsWith('file:') && uri.length > 'file:'.length) return { kind: 'file', path: uri.slice('file:'.length) };
  const google = GOOGLE.exec(uri);
  if (google) return { kind: 'google', spreadsheetId: google[1]!, range: google[2] ?? 'A:Z' };
  return undefined;
}
