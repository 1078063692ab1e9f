import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client as EsClient } from '@elastic/elasticsearch';
import type { Client as TemporalClient } from '@temporalio/client';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { applyShowConfigs } from '../services/shows';
import type { ObjectStore } from '../adapters/object-store';
import { buzzReader } from '../adapters/buzz-reader';
import { ensureShowIndices } from '../adapters/elasticsearch-indices';
import { readDailyBuzz, readHourlyBuzz } from '../services/read-buzz';
import { explainDay } from '../services/explain';
import { readLeaderboard } from '../services/leaderboard';
import { ALERT_STATUSES, alertRow, type AlertStatus } from '../domain/alerts';
import type { RegisteredShow } from '../domain/buzz-docs';
import { buzzCsv, buzzRows } from '../domain/buzz-format';
import { hourStartMs, parseDay } from '../domain/days';
import { SOURCES, type Source } from '../domain/tweet';
import type { Config } from '../config/config';
import { isBuzzError } from '../domain/errors';
import { indexNames } from '../domain/index-names';
import {
  completenessText,
  DEFAULT_WINDOW,
  LEADERBOARD_METRICS,
  leaderboardCsv,
  parseWindow,
  windowText,
  type LeaderboardMetric,
} from '../domain/leaderboard';
import { parseSheetRows } from '../domain/show-config';
import { workflowIds, workflowLink } from '../contracts/workflow-ids';
import { AccessControl, type Principal } from './access-control';
import { apiMetrics } from './metrics';
import { ReplayGuard } from './replay-guard';
import { signInRouter } from './sign-in';
import { editRows, sheetEditSchema } from './sheet-edit';
import { checkSignature } from '../domain/signature';
import { showSignals } from '../client/shows';

export interface ApiDeps {
  config: Config;
  es: EsClient;
  temporal: TemporalClient;
  store: ObjectStore;
  logger: Logger;
  /** The dashboard (GET /) behind the given access guard, when one is served. */
  dashboard?: (guard: express.RequestHandler) => express.RequestHandler;
  now?: () => number;
}

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

/** An error the caller may see: a status and a short message, nothing internal. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A query parameter read by its parser; what the parser refuses is a 400 (its own words, or `message`). */
function parameter<T>(parse: () => T, message?: string): T {
  try {
    return parse();
  } catch (error) {
    throw new HttpError(400, message ?? (error as Error).message);
  }
}

/** A registered show by show_key; 404 for another key. */
function showIn(registry: RegisteredShow[], showKey: string): RegisteredShow {
  const show = registry.find((s) => s.show_key === showKey);
  if (!show) throw new HttpError(404, `no show ${showKey}`);
  return show;
}

async function reachable(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000))]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The HTTP API: the signed sheet-edit hook, health, shows and their buzz (JSON or CSV), and the
 * dashboard at GET /. start(0) binds a free port (tests).
 */
export function createApiServer(deps: ApiDeps, options: ApiOptions = {}): ApiServer {
  const { config, logger } = deps;
  const now = deps.now ?? (() => Date.now());
  const indices = indexNames(config.elasticsearch.indexPrefix);
  const reader = buzzReader(deps.es, indices);
  const replays = new ReplayGuard();
  const access = new AccessControl(config.api, now);
  const metrics = apiMetrics();
  // An edit can arrive before any worker has run: without this, the registry write would let
  // Elasticsearch map the shows index dynamically (show_key as text), and every read would fail.
  let showIndices: Promise<void> | undefined;
  const ensureIndices = () =>
    (showIndices ??= ensureShowIndices(deps.es, indices, config.elasticsearch.layout).catch((error: unknown) => {
      showIndices = undefined;
      throw error;
    }));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(
    helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'] } } }),
  );
  app.use((request, response, next) => {
    const started = process.hrtime.bigint();
    // The route as requested (a mounted router rewrites request.path), without its query.
    const path = request.originalUrl.split('?')[0];
    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      logger.info({ method: request.method, path, status: response.statusCode, ms: seconds * 1000 }, 'request');
      // The matched route's pattern, so that label values stay few (a path would carry every show_key).
      const pattern = (request.route as { path?: string } | undefined)?.path;
      metrics.observe(
        pattern ? `${request.baseUrl}${pattern}` : 'unmatched',
        request.method,
        response.statusCode,
        seconds,
      );
    });
    next();
  });

  app.post(
    '/hooks/sheet-edit',
    rateLimit({
      windowMs: 60_000,
      limit: options.hookRatePerMinute ?? 120,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
    }),
    (request, _response, next) => {
      if (!request.is('application/json')) return next(new HttpError(415, 'Content-Type must be application/json'));
      next();
    },
    express.raw({ type: 'application/json', limit: options.maxBodyBytes ?? 256 * 1024 }),
    async (request: Request, response: Response, next: NextFunction) => {
      try {
        if (!config.webhookSecret) throw new HttpError(503, 'The sheet-edit hook is not configured (WEBHOOK_SECRET)');
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const nowSeconds = Math.floor(now() / 1000);
        const signature = request.get('x-buzz-signature');
        const check = checkSignature(config.webhookSecret, request.get('x-buzz-timestamp'), signature, raw, nowSeconds);
        if (!check.ok) {
          logger.warn({ reason: check.reason, ip: request.ip }, 'sheet-edit refused');
          throw new HttpError(401, 'invalid signature');
        }
        if (!replays.firstUse(signature!, nowSeconds)) {
          logger.warn({ reason: 'replay', ip: request.ip }, 'sheet-edit refused');
          throw new HttpError(401, 'invalid signature');
        }
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new HttpError(400, 'the body is not JSON');
        }
        const edit = sheetEditSchema.safeParse(json);
        if (!edit.success)
          throw new HttpError(
            400,
            `the body does not have the expected shape: ${edit.error.issues[0]?.path.join('.') || 'body'}`,
          );
        const { headers, rows } = editRows(edit.data);
        const parsed = parseSheetRows(rows, headers);
        const numbers = edit.data.rowNumbers;
        const errors = parsed.errors.map((error) => ({ ...error, row: numbers?.[error.row - 2] ?? error.row }));
        const shows = parsed.shows.map((show) => ({ ...show, row: numbers?.[show.row - 2] ?? show.row }));
        await ensureIndices();
        const result = await applyShowConfigs(
          { es: deps.es, indices, showSignals: showSignals(deps.temporal, config.temporal.taskQueue) },
          `google:${edit.data.spreadsheetId}`,
          { rows: rows.length, shows, errors },
          { retireMissing: false },
        );
        const signalled = [...result.started, ...result.updated, ...result.stopped];
        response
          .status(202)
          .json({ workflowIds: signalled.map(workflowIds.show), unchanged: result.unchanged, errors });
      } catch (error) {
        next(error);
      }
    },
  );

  // Open to all (load balancers, probes); the state of each service only with a credential.
  app.get('/api/health', async (request, response) => {
    const [temporal, elasticsearch, store] = await Promise.all([
      reachable(() => deps.temporal.connection.workflowService.getSystemInfo({})),
      reachable(() => deps.es.ping()),
      reachable(() => deps.store.list('manifests/day=0000')),
    ]);
    const ok = temporal && elasticsearch && store;
    const detailed = !access.enabled || access.identify(request) !== undefined;
    response
      .status(ok ? 200 : 503)
      .json(
        detailed
          ? { status: ok ? 'ok' : 'unavailable', temporal, elasticsearch, store }
          : { status: ok ? 'ok' : 'unavailable' },
      );
  });

  app.use(signInRouter(access, logger, options.signInRatePerMinute ?? 10));
  app.use('/api', access.requireForApi);

  app.get('/api/metrics', async (_request, response) => {
    response.type(metrics.contentType).send(await metrics.text());
  });

  app.get('/api/session', (_request, response) => {
    const principal = response.locals.principal as Principal | undefined;
    response.json({ access_control: access.enabled, via: principal?.via ?? null, user: principal?.user ?? null });
  });

  app.get('/api/shows', async (_request, response, next) => {
    try {
      const shows = await reader.shows();
      response.json(
        shows.map((show) => ({
          show_key: show.show_key,
          show_name: show.show_name,
          season: show.season,
          studio_or_network: show.studio_or_network,
          status: show.status,
          launch_date: show.launch_date,
          window_start: show.window_start,
          window_end: show.window_end,
          timezone: show.timezone,
          match_mode: show.config.match_mode,
          terms: {
            mandatory: show.config.mandatory.map((t) => t.text),
            optional: show.config.optional.map((t) => t.text),
            excluded: show.config.excluded.map((t) => t.text),
          },
          last_computed_at: show.last_computed_at ?? null,
          workflow_url: workflowLink(config.temporal, workflowIds.show(show.show_key)),
        })),
      );
    } catch (error) {
      next(error);
    }
  });

  app.get('/api/shows/:showKey/buzz/hourly', async (request, response, next) => {
    try {
      const hours = Number(request.query.hours ?? 48);
      if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 31) throw new HttpError(400, 'hours: 1 to 744');
      const until =
        request.query.until === undefined
          ? now()
          : parameter(() => hourStartMs(String(request.query.until)), 'until: a UTC hour, YYYY-MM-DDTHH');
      const show = showIn(await reader.shows(), request.params.showKey);
      response.json(await readHourlyBuzz({ es: deps.es, indices }, show.config, hours, until));
    } catch (error) {
      next(error);
    }
  });

  // One show's days, or several shows' (show keys separated by commas, which no show_key holds).
  app.get('/api/shows/:showKey/buzz', async (request, response, next) => {
    try {
      const source = String(request.query.source ?? 'all') as Source | 'all';
      if (source !== 'all' && !SOURCES.includes(source)) throw new HttpError(400, `source: all, ${SOURCES.join(', ')}`);
      const showKeys = [...new Set(String(request.params.showKey).split(','))];
      const registry = await reader.shows();
      const days = (
        await Promise.all(
          showKeys.map((showKey) => readDailyBuzz({ es: deps.es, indices, reader }, showIn(registry, showKey), source)),
        )
      ).flat();
      if (request.query.format === 'csv') {
        const name = showKeys.length === 1 ? showKeys[0]!.replace(/[^a-z0-9-]+/g, '_') : 'shows';
        response.type('text/csv').attachment(`${name}-buzz.csv`).send(buzzCsv(days));
      } else {
        response.json(buzzRows(days, source));
      }
    } catch (error) {
      next(error);
    }
  });

  app.get('/api/shows/:showKey/explain', async (request, response, next) => {
    try {
      const date = parameter(() => parseDay(String(request.query.date ?? '')), 'date: a day, YYYY-MM-DD');
      const show = showIn(await reader.shows(), request.params.showKey);
      response.json(await explainDay({ es: deps.es, indices }, show.config, date));
    } catch (error) {
      next(error);
    }
  });

  app.get('/api/alerts', async (request, response, next) => {
    try {
      const status = request.query.status === undefined ? undefined : (String(request.query.status) as AlertStatus);
      if (status !== undefined && !ALERT_STATUSES.includes(status))
        throw new HttpError(400, `status: ${ALERT_STATUSES.join(', ')}`);
      const showKey = request.query.show === undefined ? undefined : String(request.query.show);
      const alerts = await reader.alerts({ showKey, status });
      response.json(
        alerts.map((alert) => ({
          ...alertRow(alert),
          delivery_url:
            alert.status === 'not_sent' ? null : workflowLink(config.temporal, workflowIds.alert(alert.alert_id)),
        })),
      );
    } catch (error) {
      next(error);
    }
  });

  app.get('/api/leaderboard', async (request, response, next) => {
    try {
      const window = parameter(() => parseWindow(String(request.query.window ?? DEFAULT_WINDOW)));
      const metric = String(request.query.metric ?? 'tweets') as LeaderboardMetric;
      if (!LEADERBOARD_METRICS.includes(metric)) throw new HttpError(400, `metric: ${LEADERBOARD_METRICS.join(', ')}`);
      const rows = await readLeaderboard({ es: deps.es, indices, reader }, window, metric);
      if (request.query.format === 'csv')
        response
          .type('text/csv')
          .attachment(`leaderboard-${windowText(window)}.csv`)
          .send(leaderboardCsv(rows));
      else response.json(rows.map((row) => ({ ...row, completeness: completenessText(row) })));
    } catch (error) {
      next(error);
    }
  });

  if (deps.dashboard) app.use(deps.dashboard(access.requireForPage));

  app.use((_request, _response, next) => next(new HttpError(404, 'not found')));
  // No stack traces or internals to callers; the log has the details (without bodies or secrets).
  app.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    const status =
      error instanceof HttpError ? error.status : ((error as { status?: number; type?: string }).status ?? 500);
    if (status >= 500 && !(error instanceof HttpError))
      logger.error(
        { path: request.originalUrl.split('?')[0], error: isBuzzError(error) ? error.message : String(error) },
        'request failed',
      );
    const message =
      error instanceof HttpError
        ? error.message
        : status === 413
          ? 'the body is too large'
          : status < 500
            ? 'bad request'
            : 'internal error';
    response.status(status).json({ error: message });
  });

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
