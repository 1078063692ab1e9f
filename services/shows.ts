/*
 * Shows from the sheet to their workflows: the use-cases shared by the sheet sync (an activity)
 * and the sheet-edit hook (the API).
 */
import type { Repositories } from '../adapters/repositories';
import type { ShowRepository } from '../adapters/repositories/shows';
import {
  SHOW_WORKFLOW,
  type SheetReading,
  type ShowSignalName,
  type ShowSignals,
  type SyncResult,
} from '../contracts/shows';
import type { RegisteredShow } from '../domain/buzz-docs';
import { addDays, type Day } from '../domain/days';
import { configFingerprint, type ShowConfig } from '../domain/show-config';

/** The sheet a registry entry came from, without a range: `google:<id>#Shows!A:L` → `google:<id>`. */
export function sheetIdentity(uri: string): string {
  return uri.replace(/#.*$/, '');
}

/** What applying shows talks to: the registry in Elasticsearch, the show workflows in Temporal. */
export interface RegistryDeps {
  repos: Pick<Repositories, 'shows'>;
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
  const registry = new Map((await deps.repos.shows.all()).map((show) => [show.show_key, show]));
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
  await deps.repos.shows.upsert(entries);
  for (const { config, signal, args } of signals) await deps.showSignals.signal(config, signal, args);
  return result;
}

/** The active shows whose window (give or take a day of time zones) covers some of these days, with those days. */
export async function showsCovering(
  shows: ShowRepository,
  days: Day[],
): Promise<{ show: RegisteredShow; covered: Day[] }[]> {
  const sorted = [...days].sort();
  if (sorted.length === 0) return [];
  const covering = await shows.activeCovering(sorted[0]!, sorted[sorted.length - 1]!);
  return covering.flatMap((show) => {
    const covered = sorted.filter((day) => day >= addDays(show.window_start, -1) && day <= addDays(show.window_end, 1));
    return covered.length === 0 ? [] : [{ show, covered }];
  });
}
