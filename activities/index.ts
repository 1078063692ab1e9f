import { ensureIngestIndices, ensureShowIndices } from '../adapters/elasticsearch-indices';
import { applyDeletesActivity } from './apply-deletes';
import { captureJetstreamActivity } from './capture-jetstream';
import type { ActivityDeps } from './deps';
import { indexGroupActivity } from './index-group';
import { pageviewsActivities, wikimediaRequestActivities } from './pageviews';
import { planDayActivity } from './plan-day';
import { preprocessGroupActivity } from './preprocess-group';
import { loadStoredDayActivity, recordDayManifestActivity } from './record-manifest';
import { sealLiveHourActivity } from './seal-live-hour';
import { computeShowBuzzActivity, removeShowBuzzActivity } from './show-buzz';
import { giveUpAlertActivity, raiseSpikeAlertsActivity, sendAlertActivity } from './spike-alerts';
import { applySheetActivity, notifyShowsActivity, readShowsSheetActivity } from './shows-sheet';

/** Every activity of BuzzTracker, bound to the clients the worker built. */
export function createActivities(deps: ActivityDeps) {
  return {
    ensureIngestIndices: () => ensureIngestIndices(deps.es, deps.indices, deps.indexLayout),
    planDay: planDayActivity(deps),
    preprocessGroup: preprocessGroupActivity(deps),
    indexGroup: indexGroupActivity(deps),
    applyDeletes: applyDeletesActivity(deps),
    recordDayManifest: recordDayManifestActivity(deps),
    loadStoredDay: loadStoredDayActivity(deps),
    ensureShowIndices: () => ensureShowIndices(deps.es, deps.indices, deps.indexLayout),
    computeShowBuzz: computeShowBuzzActivity(deps),
    removeShowBuzz: removeShowBuzzActivity(deps),
    raiseSpikeAlerts: raiseSpikeAlertsActivity(deps),
    sendAlert: sendAlertActivity(deps),
    giveUpAlert: giveUpAlertActivity(deps),
    readShowsSheet: readShowsSheetActivity(deps),
    applySheet: applySheetActivity(deps),
    notifyShows: notifyShowsActivity(deps),
    captureJetstream: captureJetstreamActivity(deps),
    sealLiveHour: sealLiveHourActivity(deps),
    ...pageviewsActivities(deps),
    ...wikimediaRequestActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
