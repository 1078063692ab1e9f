import { Router } from 'express';
import { workflowIds, workflowLink } from '../../contracts/workflow-ids';
import { ALERT_STATUSES, alertRow, type AlertStatus } from '../../domain/alerts';
import type { RouteContext } from '../context';
import { HttpError } from '../http';

/** GET /api/alerts: spike alerts, newest first, of one show or status when asked, with where their delivery runs. */
export function alertRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get('/api/alerts', async (request, response) => {
    const status = request.query.status === undefined ? undefined : (String(request.query.status) as AlertStatus);
    if (status !== undefined && !ALERT_STATUSES.includes(status))
      throw new HttpError(400, `status: ${ALERT_STATUSES.join(', ')}`);
    const showKey = request.query.show === undefined ? undefined : String(request.query.show);
    const alerts = await ctx.repos.alerts.list({ showKey, status });
    response.json(
      alerts.map((alert) => ({
        ...alertRow(alert),
        delivery_url:
          alert.status === 'not_sent' ? null : workflowLink(ctx.config.temporal, workflowIds.alert(alert.alert_id)),
      })),
    );
  });
  return router;
}
