import type { Client } from '@temporalio/client';
import { absoluteSheetUri } from '../adapters/sheets';
import { startSheetSync, waitForComputations } from '../client/shows';
import type { SyncReport } from '../contracts/shows';
import type { Config } from '../config/config';
import type { RowError } from '../domain/show-config';
import { followWorkflow } from './follow';
import { cliTable } from './tables';

export function errorTable(errors: RowError[]): string {
  const table = cliTable(['row', 'show', 'column', 'reason']);
  for (const e of errors) table.push([e.row, e.show_name ?? '', e.column, e.reason]);
  return table.toString();
}

/** Runs syncShows for a sheet and prints its report; with `wait`, until the shows have computed. */
export async function syncSheet(client: Client, config: Config, sheet: string, wait: boolean): Promise<void> {
  const sheetUri = absoluteSheetUri(sheet);
  const started = Date.now();
  const handle = await startSheetSync(client, config.temporal.taskQueue, sheetUri);
  const report = await followWorkflow<SyncReport>(handle, { client, config });
  console.log(`${report.sheet}: ${report.rows} rows, ${report.valid} valid`);
  for (const [label, keys] of [
    ['started', report.started],
    ['updated', report.updated],
    ['unchanged', report.unchanged],
    ['stopped (inactive)', report.stopped],
    ['removed', report.removed],
  ] as const) {
    if (keys.length > 0) console.log(`  ${label}: ${keys.join(', ')}`);
  }
  if (report.errors.length > 0)
    console.log(`Rows with errors (the other rows are in use):\n${errorTable(report.errors)}`);
  if (report.valid === 0) {
    console.error('No valid row in the sheet.');
    process.exitCode = 1;
    return;
  }
  if (wait) await waitForComputations(client, [...report.started, ...report.updated], started);
}
