import { ActivityFailure } from '@temporalio/workflow';
import { rootFailure } from '../domain/errors';
import { delivering, quick } from './activity-options';

/**
 * Delivers one spike alert (id alert-<alert_id>, started by the show workflow and outliving it):
 * sends it to the webhook until it is accepted, refused for good, or a day has passed. Running in a
 * workflow of its own, a webhook that is down holds up nothing but this alert, and the alert
 * outlives any worker.
 */
export async function deliverSpikeAlert({ alertId }: { alertId: string }): Promise<string> {
  try {
    return await delivering.sendAlert({ alertId });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await quick.giveUpAlert({ alertId, reason: `not delivered: ${rootFailure(error).message}` });
    return 'failed';
  }
}
