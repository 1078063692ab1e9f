import type { Client as TemporalClient } from '@temporalio/client';
import { readSheet } from '../adapters/sheets';
import { addDays, type Day } from '../domain/days';
import type { RegisteredShow } from '../domain/buzz-docs';
import { configFingerprint, parseSheetRows, type RowError, type ShowConfig } from '../domain/show-config';
import { SHOW_WORKFLOW, workflowIds } from '../domain/workflow-ids';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import { showAttributes } from '../workflows/search-attributes';
import type { ActivityDeps } from './deps';
import { failFastOnFinalErrors } from './failures';

export interface SheetReading {
  rows: number;
  shows: ShowConfig[];
  errors: RowError[];
}

export interface SyncResult {
  started: string[];
  updated: string[];
  unchanged: string[];
  stopped: string[];
  removed: string[];
}

export function readShowsSheetActivity(deps: ActivityDeps) {
  return ({ sheetUri }: { sheetUri: string }): Promise<SheetReading> =>
    failFastOnFinalErrors(async () => {
      const sheet = await readSheet(sheetUri, deps.sheets);
      const { shows, errors } = parseSheetRows(sheet.rows, sheet.headers);
      return { rows: sheet.rows.length, shows, errors };
    });
}

async function registeredShows(deps: RegistryDeps): Promise<Map<string, RegisteredShow>> {
  const answer = await deps.es.search<RegisteredShow>({
    index: deps.indices.shows,
    ignore_unavailable: true,
    size: 10_000,
    query: { exists: { field: 'status' } },
  });
  return new Map(answer.hits.hits.map((hit) => [hit._source!.show_key, hit._source!]));
}

/** Starts the show's workflow if it is not running, and signals it: durable in one call. */
async function signalShow(
  temporal: TemporalClient,
  taskQueue: string,
  config: ShowConfig,
  signal: string,
  args: unknown[],
): Promise<void> {
  await temporal.workflow.signalWithStart(SHOW_WORKFLOW.type, {
    workflowId: workflowIds.show(config.show_key),
    taskQueue,
    args: [{ config }],
    signal,
    signalArgs: args,
    typedSearchAttributes: showAttributes(config.show_key),
  });
}

/** The sheet a registry entry came from, without a range: `google:<id>#Shows!A:L` → `google:<id>`. */
export function sheetIdentity(uri: string): string {
  return uri.replace(/#.*$/, '');
}

export type RegistryDeps = Pick<ActivityDeps, 'es' | 'indices' | 'temporal' | 'taskQueue'>;

/**
 * Applies validated show rows: starts or signals the workflow of every new, changed or
 * re-activated show, stops inactive ones and leaves unchanged ones alone; with `retireMissing`
 * (a whole sheet), retires the shows whose rows left it. Records the registry first.
 * Used by the sheet sync and by the sheet-edit endpoint.
 */
export async function applyShowConfigs(
  deps: RegistryDeps,
  sheetUri: string,
  reading: SheetReading,
  options: { retireMissing: boolean },
): Promise<SyncResult> {
  const sheet = sheetIdentity(sheetUri);
  const registry = await registeredShows(deps);
  const result: SyncResult = { started: [], updated: [], unchanged: [], stopped: [], removed: [] };
  const now = new Date().toISOString();
  const entries: Omit<RegisteredShow, 'last_computed_at'>[] = [];
  const signals: { config: ShowConfig; signal: string; args: unknown[] }[] = [];
  for (const config of reading.shows) {
    const known = registry.get(config.show_key);
    const fingerprint = configFingerprint(config);
    if (!config.active) {
      if (known?.status === 'active') {
        signals.push({ config, signal: SHOW_WORKFLOW.retire, args: [{ removeData: false }] });
        result.stopped.push(config.show_key);
      } else result.unchanged.push(config.show_key);
    } else if (!known || known.status !== 'active' || known.fingerprint !== fingerprint) {
      signals.push({ config, signal: SHOW_WORKFLOW.configChanged, args: [config] });
      (known?.status === 'active' ? result.updated : result.started).push(config.show_key);
    } else {
      result.unchanged.push(config.show_key);
    }
    entries.push({
      show_key: config.show_key,
      show_name: config.show_name,
      season: config.season,
      studio_or_network: config.studio_or_network,
      status: config.active ? 'active' : 'inactive',
      active: config.active,
      launch_date: config.launch_date,
      window_start: config.window_start,
      window_end: config.window_end,
      timezone: config.timezone,
      sheet,
      sheet_row: config.row,
      synced_at: now,
      fingerprint,
      config,
    });
  }
  const inSheet = new Set(reading.shows.map((show) => show.show_key));
  // A row that has errors now keeps its show running as it was, rather than deleting its data.
  const erroneous = new Set(reading.errors.map((error) => error.show_name).filter(Boolean));
  for (const known of registry.values()) {
    if (
      !options.retireMissing ||
      known.sheet !== sheet ||
      known.status === 'removed' ||
      inSheet.has(known.show_key) ||
      erroneous.has(known.show_name)
    )
      continue;
    signals.push({ config: known.config, signal: SHOW_WORKFLOW.retire, args: [{ removeData: true }] });
    entries.push({ ...known, status: 'removed', synced_at: now });
    result.removed.push(known.show_key);
  }
  // The registry first: a show workflow that computes at once updates its entry after this.
  await bulkWrite(deps.es, {
    what: 'the show registry',
    datasource: entries,
    onDocument: (entry) => [
      { update: { _index: deps.indices.shows, _id: entry.show_key } },
      { doc: entry, doc_as_upsert: true },
    ],
    refreshOnCompletion: deps.indices.shows,
  });
  for (const { config, signal, args } of signals) await signalShow(deps.temporal, deps.taskQueue, config, signal, args);
  return result;
}

/** Applies a whole sheet (see applyShowConfigs) and records the sync report with its row errors. */
export function applySheetActivity(deps: ActivityDeps) {
  return ({ sheetUri, reading }: { sheetUri: string; reading: SheetReading }): Promise<SyncResult> =>
    failFastOnFinalErrors(async () => {
      const result = await applyShowConfigs(deps, sheetUri, reading, { retireMissing: true });
      await deps.es.index({
        index: deps.indices.sheetSyncs,
        id: sheetIdentity(sheetUri),
        document: {
          sheet: sheetIdentity(sheetUri),
          synced_at: new Date().toISOString(),
          rows: reading.rows,
          valid: reading.shows.length,
          errors: reading.errors,
          result,
        },
        refresh: 'wait_for',
      });
      return result;
    });
}

/**
 * Signals every active show whose window (give or take a day of time zones) covers one of the
 * days: newly ingested ones, and earlier ones whose tweets delete notices removed.
 */
export function notifyShowsActivity(deps: ActivityDeps) {
  return ({ days }: { days: Day[] }): Promise<string[]> =>
    failFastOnFinalErrors(async () => {
      const sorted = [...days].sort();
      if (sorted.length === 0) return [];
      const answer = await deps.es.search<RegisteredShow>({
        index: deps.indices.shows,
        ignore_unavailable: true,
        size: 10_000,
        query: {
          bool: {
            filter: [
              { term: { status: 'active' } },
              { range: { window_start: { lte: addDays(sorted[sorted.length - 1]!, 1) } } },
              { range: { window_end: { gte: addDays(sorted[0]!, -1) } } },
            ],
          },
        },
      });
      const notified: string[] = [];
      for (const hit of answer.hits.hits) {
        const show = hit._source!;
        const covered = sorted.filter(
          (day) => day >= addDays(show.window_start, -1) && day <= addDays(show.window_end, 1),
        );
        if (covered.length === 0) continue;
        await signalShow(deps.temporal, deps.taskQueue, show.config, SHOW_WORKFLOW.daysIngested, [covered]);
        notified.push(show.show_key);
      }
      return notified;
    });
}
