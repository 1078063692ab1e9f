// The same change as show-buzz-extra-activity-workflow.ts done the safe way (docs/contributing.md,
// "Changing workflows safely"): behind patched(), so executions recorded before it replay unchanged
// while new ones take the new path. Used only by test/unit/workflow-replay.test.ts.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { showBuzz as currentShowBuzz } from '../../../workflows/show-buzz';
import { type ShowBuzzInput } from '../../../contracts/shows';

const { ensureIngestIndices } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

export async function showBuzz(input: ShowBuzzInput): ReturnType<typeof currentShowBuzz> {
  if (patched('show-buzz-ensure-ingest-indices')) await ensureIngestIndices();
  return currentShowBuzz(input);
}
