import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import vm from 'node:vm';

/**
 * Stand-ins for the Apps Script services Code.gs uses, following their documented behaviour:
 * - Utilities.computeHmacSha256Signature(value, key, charset) returns Byte[] (signed, -128…127);
 * - UrlFetchApp.fetch(url, params) is synchronous and returns an HTTPResponse; with
 *   muteHttpExceptions it does not throw on 4xx/5xx; `payload` strings are sent as UTF-8 with
 *   `contentType`;
 * - PropertiesService.getScriptProperties().getProperty(key) returns a string or null;
 * - Range.getDisplayValues() returns the cells as displayed (strings), rows × columns.
 */
export interface SheetGrid {
  id: string;
  name: string;
  /** cells[0] is the header row (sheet row 1). */
  cells: string[][];
}

const FETCH = `
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', async () => {
  const { url, params } = JSON.parse(input);
  const response = await fetch(url, {
    method: (params.method || 'get').toUpperCase(),
    headers: { ...(params.headers || {}), 'content-type': params.contentType },
    body: params.payload,
  });
  process.stdout.write(JSON.stringify({ status: response.status, text: await response.text() }));
});`;

function rangeOf(grid: SheetGrid, row: number, column: number, rows: number, columns: number) {
  return {
    getDisplayValues: () =>
      grid.cells
        .slice(row - 1, row - 1 + rows)
        .map((cells) => Array.from({ length: columns }, (_, i) => cells[column - 1 + i] ?? '')),
  };
}

export function runAppsScript(codeFile: string, properties: Record<string, string>) {
  const calls: { url: string; status: number; text: string }[] = [];
  const context = vm.createContext({
    console,
    JSON,
    Date,
    Math,
    String,
    PropertiesService: { getScriptProperties: () => ({ getProperty: (key: string) => properties[key] ?? null }) },
    Utilities: {
      Charset: { UTF_8: 'UTF-8', US_ASCII: 'US-ASCII' },
      computeHmacSha256Signature: (value: string, key: string) =>
        [...createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(value, 'utf8')).digest()].map((byte) =>
          byte > 127 ? byte - 256 : byte,
        ),
    },
    UrlFetchApp: {
      fetch: (url: string, params: Record<string, unknown>) => {
        const answer = JSON.parse(
          execFileSync(process.execPath, ['-e', FETCH], { input: JSON.stringify({ url, params }) }).toString(),
        ) as { status: number; text: string };
        calls.push({ url, ...answer });
        if (!params.muteHttpExceptions && answer.status >= 400)
          throw new Error(`Request failed for ${url} returned code ${answer.status}`);
        return { getResponseCode: () => answer.status, getContentText: () => answer.text };
      },
    },
  });
  vm.runInContext(fs.readFileSync(codeFile, 'utf8'), context, { filename: codeFile });
  return {
    calls,
    /** Fires the onEdit trigger for an edit of rows firstRow…lastRow. */
    edit(grid: SheetGrid, firstRow: number, lastRow = firstRow): number | null {
      const sheet = {
        getName: () => grid.name,
        getLastColumn: () => Math.max(...grid.cells.map((row) => row.length)),
        getRange: (row: number, column: number, rows: number, columns: number) =>
          rangeOf(grid, row, column, rows, columns),
      };
      const event = {
        source: { getId: () => grid.id },
        range: { getSheet: () => sheet, getRow: () => firstRow, getLastRow: () => lastRow },
      };
      return (context.onSheetEdit as (e: unknown) => number | null)(event);
    },
  };
}
