import { Router } from 'express';
import type { Principal } from '../access-control';
import type { RouteContext } from '../context';
import type { ApiMetrics } from '../metrics';

/** GET /api/metrics (Prometheus) and GET /api/session (who the request is). */
export function sessionRoutes(ctx: RouteContext, metrics: ApiMetrics): Router {
  const router = Router();
  router.get('/api/metrics', async (_request, response) => {
    response.type(metrics.contentType).send(await metrics.text());
  });
  router.get('/api/session', (_request, response) => {
    const principal = response.locals.principal as Principal | undefined;
    response.json({ access_control: ctx.access.enabled, via: principal?.via ?? null, user: principal?.user ?? null });
  });
  return router;
}
