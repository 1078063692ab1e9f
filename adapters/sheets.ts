import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { BuzzError } from '../domain/errors';
import { SHEET_FORMS, parseSheetUri } from '../domain/locations';

/** A sheet's header and rows, each row keyed by the header's cells. */
export interface SheetData {
  headers: string[];
  rows: Record<string, string>[];
}

export interface SheetOptions {
  /** Service-account key file for google: sheets (GOOGLE_APPLICATION_CREDENTIALS). */
  googleCredentials?: string;
  /** Root of the Google APIs (default https://sheets.googleapis.com/): for a proxy or a test server. */
  googleRootUrl?: string;
}

function toRows(table: string[][]): SheetData {
  const [headers = [], ...body] = table;
  return {
    headers,
    // Google omits a row's trailing empty cells; a CSV row may be short too.
    rows: body.map((cells) => Object.fromEntries(headers.map((header, i) => [header, cells[i] ?? '']))),
  };
}

async function readCsv(file: string): Promise<SheetData> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    throw new BuzzError('sheet_unreadable', `Cannot read the sheet ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return toRows(parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][]);
}

/**
 * A Google Sheet through the Sheets v4 values API, authenticated as a service account with a
 * self-signed JWT (the key signs each request; no token exchange needed).
 */
async function readGoogleSheet(spreadsheetId: string, range: string, options: SheetOptions): Promise<SheetData> {
  if (!options.googleCredentials) {
    throw new BuzzError(
      'sheet_credentials_missing',
      'Reading a google: sheet needs GOOGLE_APPLICATION_CREDENTIALS (a service-account key file shared on the sheet).',
    );
  }
  // Loaded when first needed: the full client weighs about 100 MB in every worker that imports it.
  const { google } = await import('googleapis');
  const auth = new google.auth.GoogleAuth({
    keyFile: options.googleCredentials,
    scopes: ['https://www.googleapis.com/auth/spreadsheets.readonly'],
  });
  auth.useJWTAccessWithScope = true;
  // Node's own fetch: gaxios would otherwise load node-fetch with a dynamic import.
  const sheets = google.sheets({ version: 'v4', auth, rootUrl: options.googleRootUrl, fetchImplementation: fetch });
  try {
    const answer = await sheets.spreadsheets.values.get({ spreadsheetId, range, valueRenderOption: 'FORMATTED_VALUE' });
    return toRows((answer.data.values ?? []).map((row) => row.map((cell) => String(cell ?? ''))));
  } catch (error) {
    const status = (error as { status?: number; code?: number }).status ?? (error as { code?: number }).code;
    throw new BuzzError(
      'sheet_unreadable',
      `Google Sheets answered ${status ?? 'an error'} for ${spreadsheetId} (${range}): ${(error as Error).message}`,
      {
        cause: error,
        retryable: status === undefined || status === 429 || Number(status) >= 500,
      },
    );
  }
}

/** Reads the sheet named by a sheet URI: `file:<path.csv>` or `google:<spreadsheetId>[#<range>]`. */
export async function readSheet(uri: string, options: SheetOptions = {}): Promise<SheetData> {
  const sheet = parseSheetUri(uri);
  if (sheet?.kind === 'file') return readCsv(path.resolve(sheet.path));
  if (sheet?.kind === 'google') return readGoogleSheet(sheet.spreadsheetId, sheet.range, options);
  throw new BuzzError('sheet_uri_invalid', `Unknown sheet ${uri}: expected ${SHEET_FORMS}`);
}

/** A sheet URI that means the same from any working directory (file: paths made absolute). */
export function absoluteSheetUri(uri: string): string {
  return uri.startsWith('file:') ? `file:${path.resolve(uri.slice('file:'.length))}` : uri;
}
