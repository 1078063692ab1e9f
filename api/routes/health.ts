import { Router } from 'express';
import type { RouteContext } from '../context';

async function reachable(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000))]);
    return true;
  } catch {
    return false;
  }
}

/** GET /api/health: open to all (load balancers, probes); the state of each service only with a credential. */
export function healthRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get('/api/health', async (request, response) => {
    const [temporal, elasticsearch, store] = await Promise.all([
      reachable(() => ctx.temporal.connection.workflowService.getSystemInfo({})),
      reachable(() => ctx.es.ping()),
      reachable(() => ctx.store.list('manifests/day=0000')),
    ]);
    const ok = temporal && elasticsearch && store;
    const status = ok ? 'ok' : 'unavailable';
    const detailed = !ctx.access.enabled || ctx.access.identify(request) !== undefined;
    response.status(ok ? 200 : 503).json(detailed ? { status, temporal, elasticsearch, store } : { status });
  });
  return router;
}
