// The workflows a BuzzTracker worker runs. This module is bundled for Temporal's sandbox.
export { ingestDay } from './ingest-day';
export { backfill } from './backfill';
export { reindexDays } from './reindex';
export { showBuzz } from './show-buzz';
export { syncShows } from './sync-shows';
export { dailyRun } from './daily-run';
export { captureJetstream } from './capture-jetstream';
export { deliverSpikeAlert } from './deliver-spike-alert';
export { fetchPageviews, dailyPageviews } from './fetch-pageviews';
