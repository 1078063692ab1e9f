/*
 * Shows from the sheet to their workflows: the use-cases shared by the sheet sync (an activity)
 * and the sheet-edit hook (the API).
 */
import type { Client } from '@elastic/elasticsearch';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import { readAll } from '../adapters/elasticsearch-read-all';
import type { RegisteredShow } from '../domain/buzz-docs';
import type { IndexNames } from '../domain/index-names';
import { configFingerprint, type ShowConfig } from '../domain/show-config';
import { SHOW_WORKFLOW } from '../contracts/shows';
import type { SheetReading, SyncResult } from '../contracts/shows';
import type { ShowSignalName, ShowSignals } from '../contracts/shows';

async function registeredShows(deps: RegistryDeps): Promise<Map<string, RegisteredShow>> {
  const hits = await readAll<RegisteredShow>(deps.es, {
    index: deps.indices.shows,
    query: { exists: { field: 'status' } },
  });
  return new Map(hits.map((hit) => [hit.source.show_key, hit.source]));
}

/** The sheet a registry entry came from, without a range: `google:<id>#Shows!A:L` → `google:<id>`. */
export function sheetIdentity(uri: string): string {
  return uri.replace(/#.*$/, '');
}

/** What applying shows talks to: the registry in Elasticsearch, the show workflows in Temporal. */
export interface RegistryDeps {
  es: Client;
  indices: IndexNames;
  showSignals: ShowSignals;
}

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
  const signals: { config: ShowConfig; signal: ShowSignalName; args: unknown[] }[] = [];
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
  for (const { config, signal, args } of signals) await deps.showSignals.signal(config, signal, args);
  return result;
}
