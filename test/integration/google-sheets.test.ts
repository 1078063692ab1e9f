import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSheet } from '../../adapters/sheets';
import { parseSheetRows } from '../../domain/show-config';
import { SAMPLE_SHOWS, SHEET_COLUMNS } from '../../simulator/shows';
import { BuzzError } from '../../domain/errors';
import { startSheetsApiServer } from '../support/sheets-api-server';

describe('Google Sheets adapter (googleapis) against a local server speaking the Sheets v4 values API — Google cannot be reached from here', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-google-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = 'buzztracker@buzz-test.iam.gserviceaccount.com';
  const keyFile = path.join(dir, 'service-account.json');
  fs.writeFileSync(
    keyFile,
    JSON.stringify({
      type: 'service_account',
      project_id: 'buzz-test',
      private_key_id: 'test-key-1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      client_email: clientEmail,
      client_id: '1',
      token_uri: 'http://127.0.0.1:9/token',
    }),
  );
  // As the API sends them: the header row, then rows whose trailing empty cells are left out.
  const values = [
    [...SHEET_COLUMNS],
    ...SAMPLE_SHOWS.map((show) => {
      const cells = SHEET_COLUMNS.map((column) => show.row[column]);
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      return cells;
    }),
    ['Broken Row', '1', 'Studio', 'someday'],
  ];
  let server: Awaited<ReturnType<typeof startSheetsApiServer>>;

  beforeAll(async () => {
    server = await startSheetsApiServer({
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      clientEmail,
      sheets: { 'sheet-123': values },
    });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the rows with a signed service-account JWT and validates them like a CSV', async () => {
    const sheet = await readSheet('google:sheet-123#Shows!A:L', {
      googleCredentials: keyFile,
      googleRootUrl: server.url,
    });
    expect(sheet.headers).toEqual([...SHEET_COLUMNS]);
    expect(sheet.rows[0]).toEqual(SAMPLE_SHOWS[0]!.row);
    const { shows, errors } = parseSheetRows(sheet.rows, sheet.headers);
    expect(shows.map((s) => s.show_key)).toEqual(SAMPLE_SHOWS.map((s) => s.show_key));
    expect(errors).toEqual([
      { row: 6, column: 'launch_date', reason: '"someday" is not a date (YYYY-MM-DD)', show_name: 'Broken Row' },
      {
        row: 6,
        column: 'mandatory_search_terms',
        reason: 'no search terms: give at least one mandatory or optional term',
        show_name: 'Broken Row',
      },
    ]);
    expect(server.requests).toEqual([
      {
        path: '/v4/spreadsheets/sheet-123/values/Shows%21A%3AL',
        claims: expect.objectContaining({
          iss: clientEmail,
          scope: 'https://www.googleapis.com/auth/spreadsheets.readonly',
        }),
      },
    ]);
  });

  it('reports a sheet it may not read clearly, and as not worth retrying', async () => {
    const failure = await readSheet('google:unknown-sheet', {
      googleCredentials: keyFile,
      googleRootUrl: server.url,
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BuzzError);
    expect((failure as BuzzError).message).toMatch(/^Google Sheets answered 404 for unknown-sheet \(A:Z\)/);
    expect((failure as BuzzError).retryable).toBe(false);
  });

  it('asks for credentials before calling Google', async () => {
    await expect(readSheet('google:sheet-123')).rejects.toThrow(
      'Reading a google: sheet needs GOOGLE_APPLICATION_CREDENTIALS',
    );
  });
});
