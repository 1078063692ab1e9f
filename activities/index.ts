import { ensureIngestIndices } from '../adapters/elasticsearch-indices';
import { applyDeletesActivity } from './apply-deletes';
import type { ActivityDeps } from './deps';
import { failFastOnFinalErrors } from './failures';
import { indexGroupActivity } from './index-group';
import { planDayActivity } from './plan-day';
import { preprocessGroupActivity } from './preprocess-group';
import { loadStoredDayActivity, recordDayManifestActivity } from './record-manifest';

/** Every activity of BuzzTracker, bound to the clients the worker built. */
export function createActivities(deps: ActivityDeps) {
  return {
    ensureIngestIndices: () => failFastOnFinalErrors(() => ensureIngestIndices(deps.es, deps.indices)),
    planDay: planDayActivity(deps),
    preprocessGroup: preprocessGroupActivity(deps),
    indexGroup: indexGroupActivity(deps),
    applyDeletes: applyDeletesActivity(deps),
    recordDayManifest: recordDayManifestActivity(deps),
    loadStoredDay: loadStoredDayActivity(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
