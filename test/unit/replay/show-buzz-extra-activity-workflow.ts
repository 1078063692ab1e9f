// A deliberately incompatible version of showBuzz, used only by test/unit/workflow-replay.test.ts:
// the current workflow with one extra activity call before its first one, the kind of change that
// breaks every running execution. The replay test proves that the recorded histories catch it.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { showBuzz as currentShowBuzz } from '../../../workflows/show-buzz';
import { type ShowBuzzInput } from '../../../contracts/shows';

const { ensureIngestIndices } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

export async function showBuzz(input: ShowBuzzInput): ReturnType<typeof currentShowBuzz> {
  await ensureIngestIndices();
  return currentShowBuzz(input);
}
