import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { BuzzError } from '../domain/errors';
import type { LanguageFilter } from '../domain/languages';
import { captureJetstream } from '../workflows/capture-jetstream';
import {
  CAPTURE_WORKFLOW_ID,
  captureStatusQuery,
  initialCaptureState,
  resealHoursSignal,
  stopCaptureSignal,
  type CaptureOptions,
  type CaptureStatus,
} from '../contracts/capture';
import { ensureSearchAttributes } from './search-attributes';

/** Starts the namespace's one capture workflow; refuses (bad input) when one is running. */
export async function startCapture(
  client: Client,
  namespace: string,
  taskQueue: string,
  start: { url: string; languages: LanguageFilter; cursor?: number; options?: Partial<CaptureOptions> },
): Promise<void> {
  await ensureSearchAttributes(client.connection, namespace);
  try {
    await client.workflow.start(captureJetstream, {
      taskQueue,
      workflowId: CAPTURE_WORKFLOW_ID,
      args: [initialCaptureState(start)],
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      throw new BuzzError(
        'bad_input',
        'a capture is already running: `buzztracker capture status`, or `capture stop` first',
      );
    throw error;
  }
}

/** Where the running capture is. */
export async function captureStatus(client: Client): Promise<CaptureStatus> {
  try {
    return await client.workflow.getHandle(CAPTURE_WORKFLOW_ID).query(captureStatusQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new BuzzError('bad_input', 'no capture is running: `buzztracker capture start`');
    throw error;
  }
}

/**
 * Asks the running capture to seal again the hours that failed to seal (all of them when `hours`
 * is empty); it does so after its current run. Refuses an hour that did not fail.
 */
export async function resealHours(client: Client, hours: string[]): Promise<string[]> {
  const failed = ((await captureStatus(client)).failedHours ?? []).map((f) => f.hour);
  const unknown = hours.filter((hour) => !failed.includes(hour));
  if (unknown.length > 0)
    throw new BuzzError(
      'bad_input',
      `${unknown.join(', ')}: not an hour that failed to seal (${failed.length > 0 ? `those are: ${failed.join(', ')}` : 'none did'})`,
    );
  const again = hours.length > 0 ? hours : failed;
  if (again.length > 0) await client.workflow.getHandle(CAPTURE_WORKFLOW_ID).signal(resealHoursSignal, again);
  return again;
}

/** Asks the capture to stop and waits for it: its open hours sealed, its last state. */
export async function stopCapture(client: Client, onStopping: () => void = () => undefined): Promise<CaptureStatus> {
  try {
    const handle = client.workflow.getHandle(CAPTURE_WORKFLOW_ID);
    await handle.signal(stopCaptureSignal);
    onStopping();
    return (await handle.result()) as CaptureStatus;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new BuzzError('bad_input', 'no capture is running');
    throw error;
  }
}
