import { Router } from 'express';
import { workflowIds, workflowLink } from '../../contracts/workflow-ids';
import type { RegisteredShow } from '../../domain/buzz-docs';
import { buzzCsv, buzzRows } from '../../domain/buzz-format';
import { hourStartMs, parseDay } from '../../domain/days';
import { SOURCES, type Source } from '../../domain/tweet';
import { explainDay } from '../../services/explain';
import { readDailyBuzz, readHourlyBuzz } from '../../services/read-buzz';
import type { RouteContext } from '../context';
import { HttpError, parameter, showIn } from '../http';

/** A show as GET /api/shows lists it. */
function showJson(show: RegisteredShow, temporal: RouteContext['config']['temporal']) {
  return {
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
    workflow_url: workflowLink(temporal, workflowIds.show(show.show_key)),
  };
}

/** The shows and their buzz: daily (JSON or CSV, one show or several), hourly, and why a day spiked. */
export function showRoutes(ctx: RouteContext): Router {
  const { repos } = ctx;
  const router = Router();
  router.get('/api/shows', async (_request, response) => {
    response.json((await repos.shows.all()).map((show) => showJson(show, ctx.config.temporal)));
  });

  router.get('/api/shows/:showKey/buzz/hourly', async (request, response) => {
    const hours = Number(request.query.hours ?? 48);
    if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 31) throw new HttpError(400, 'hours: 1 to 744');
    const until =
      request.query.until === undefined
        ? ctx.now()
        : parameter(() => hourStartMs(String(request.query.until)), 'until: a UTC hour, YYYY-MM-DDTHH');
    const show = showIn(await repos.shows.all(), request.params.showKey);
    response.json(await readHourlyBuzz(repos, show.config, hours, until));
  });

  // One show's days, or several shows' (show keys separated by commas, which no show_key holds).
  router.get('/api/shows/:showKey/buzz', async (request, response) => {
    const source = String(request.query.source ?? 'all') as Source | 'all';
    if (source !== 'all' && !SOURCES.includes(source)) throw new HttpError(400, `source: all, ${SOURCES.join(', ')}`);
    const showKeys = [...new Set(String(request.params.showKey).split(','))];
    const registry = await repos.shows.all();
    const days = (
      await Promise.all(showKeys.map((showKey) => readDailyBuzz(repos, showIn(registry, showKey), source)))
    ).flat();
    if (request.query.format === 'csv') {
      const name = showKeys.length === 1 ? showKeys[0]!.replace(/[^a-z0-9-]+/g, '_') : 'shows';
      response.type('text/csv').attachment(`${name}-buzz.csv`).send(buzzCsv(days));
    } else {
      response.json(buzzRows(days, source));
    }
  });

  router.get('/api/shows/:showKey/explain', async (request, response) => {
    const date = parameter(() => parseDay(String(request.query.date ?? '')), 'date: a day, YYYY-MM-DD');
    const show = showIn(await repos.shows.all(), request.params.showKey);
    response.json(await explainDay(repos, show.config, date));
  });
  return router;
}
