import type { Day } from '../domain/days';

/** Workflow ids are business keys: starting the same work twice finds the first run. */
export const workflowIds = {
  ingestDay: (day: Day) => `ingest-day-${day}`,
  backfill: (from: Day, to: Day) => `backfill-${from}-to-${to}`,
  reindex: (from: Day, to: Day) => `reindex-${from}-to-${to}`,
  show: (showKey: string) => `show-${showKey}`,
  syncShows: (sheetUri: string) => `sync-shows-${sheetUri}`,
  alert: (alertId: string) => `alert-${alertId}`,
  showPageviews: (showKey: string) => `pageviews-show-${showKey}`,
  dailyPageviews: (through: Day) => `pageviews-through-${through}`,
  /** The workflows the Schedules start: Temporal appends each run's scheduled time. */
  dailyRun: 'daily-run',
  sheetSync: 'sheet-sync',
};

/** The Schedules of a deployment (one per namespace). */
export const scheduleIds = {
  dailyRun: 'buzz-daily-run',
  sheetSync: 'buzz-sheet-sync',
};

/** Where a workflow is seen in the Temporal Web UI (TEMPORAL_UI_URL): the one place links are built. */
export function workflowLink(temporal: { uiUrl: string; namespace: string }, workflowId?: string): string {
  const list = `${temporal.uiUrl}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows`;
  return workflowId === undefined ? list : `${list}/${encodeURIComponent(workflowId)}`;
}
