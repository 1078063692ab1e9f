import type { Day } from './days';

/** Workflow ids are business keys: starting the same work twice finds the first run. */
export const workflowIds = {
  ingestDay: (day: Day) => `ingest-day-${day}`,
  backfill: (from: Day, to: Day) => `backfill-${from}-to-${to}`,
  reindex: (from: Day, to: Day) => `reindex-${from}-to-${to}`,
};
