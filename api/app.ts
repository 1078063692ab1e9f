import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { routeContext, type ApiDeps } from './context';
import { errorHandler, notFound } from './http';
import { apiMetrics } from './metrics';
import { requestLog } from './request-log';
import { alertRoutes } from './routes/alerts';
import { healthRoutes } from './routes/health';
import { sheetEditHook } from './routes/hook';
import { leaderboardRoutes } from './routes/leaderboard';
import { sessionRoutes } from './routes/session';
import { showRoutes } from './routes/shows';
import { signInRouter } from './sign-in';

export interface ApiOptions {
  /** Largest accepted sheet-edit body (default 256 KB). */
  maxBodyBytes?: number;
  /** Sheet-edit requests per client address per minute (default 120). */
  hookRatePerMinute?: number;
  /** Sign-in attempts per client address per minute (default 10). */
  signInRatePerMinute?: number;
}

export interface ApiServer {
  app: express.Express;
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The HTTP API: the signed sheet-edit hook, health, shows and their buzz (JSON or CSV), the
 * leaderboard, alerts, and the dashboard at GET / when one is given (behind the access guard).
 * Everything under /api but health needs a credential when access control is on. start(0) binds a
 * free port (tests).
 */
export function createApiServer(
  deps: ApiDeps & { dashboard?: (guard: express.RequestHandler) => express.RequestHandler },
  options: ApiOptions = {},
): ApiServer {
  const ctx = routeContext(deps);
  const metrics = apiMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(
    helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'] } } }),
  );
  app.use(requestLog(ctx.logger, metrics));
  app.use(
    sheetEditHook(ctx, {
      maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
      ratePerMinute: options.hookRatePerMinute ?? 120,
    }),
  );
  app.use(healthRoutes(ctx));
  app.use(signInRouter(ctx.access, ctx.logger, options.signInRatePerMinute ?? 10));
  app.use('/api', ctx.access.requireForApi);
  for (const routes of [sessionRoutes(ctx, metrics), showRoutes(ctx), alertRoutes(ctx), leaderboardRoutes(ctx)])
    app.use(routes);
  if (deps.dashboard) app.use(deps.dashboard(ctx.access.requireForPage));
  app.use(notFound);
  app.use(errorHandler(ctx.logger));

  let server: Server | undefined;
  return {
    app,
    start: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server = app.listen(port, host, () => resolve((server!.address() as AddressInfo).port));
        server.once('error', reject);
      }),
    stop: () =>
      new Promise((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
