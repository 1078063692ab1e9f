import { Context, log } from '@temporalio/activity';
import { deliverAlert, giveUpAlert, raiseSpikeAlerts } from '../services/spike-alerts';
import type { ShowConfig } from '../domain/show-config';
import type { ActivityDeps } from './deps';

/** Records a show's new spike alerts; returns the ones waiting for delivery. */
export function raiseSpikeAlertsActivity(deps: ActivityDeps) {
  return async ({ config }: { config: ShowConfig }): Promise<string[]> => {
    const pending = await raiseSpikeAlerts(deps, config, new Date());
    if (pending.length > 0) log.info('spike alerts pending', { showKey: config.show_key, alerts: pending });
    return pending;
  };
}

/** One attempt at sending an alert to the webhook (the workflow's retry policy makes the next). */
export function sendAlertActivity(deps: ActivityDeps) {
  return async ({ alertId }: { alertId: string }): Promise<string> =>
    deliverAlert(deps, alertId, Context.current().info.attempt);
}

export function giveUpAlertActivity(deps: ActivityDeps) {
  return async ({ alertId, reason }: { alertId: string; reason: string }): Promise<void> =>
    giveUpAlert(deps, alertId, reason);
}
