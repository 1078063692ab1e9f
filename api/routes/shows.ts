import { Router } from 'express';
import { workflowIds, workflowLink } from '../../contracts/workflow-ids';
import type { RegisteredShow } from '../../domain/buzz-docs';
import { articleLabel } from '../../domain/wikipedia-articles';
import { buzzCsv, buzzRows } from '../../domain/buzz-format';
import { hourStartMs, parseDay } from '../../domain/days';
import { BUZZ_SOURCES, type BuzzSource } from '../../domain/buzz-format';
import { pageviewsCsv } from '../../domain/pageviews-format';
import { explainDay } from '../../services/explain';
import { readDailyBuzz, readHourlyBuzz, readPageviewsBuzz } from '../../services/read-buzz';
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
    wikipedia_articles: (show.config.wikipedia_articles ?? []).map(articleLabel),
    last_computed_at: show.last_computed_at ?? null,
    pageviews_fetch: show.pageviews_fetch ?? null,
    workflow_url: workflowLink(temporal, workflowIds.show(show.show_key)),
  };
}

/** A download's name: the show's key, or `shows` for several. */
function csvName(showKeys: string[]): string {
  return showKeys.length === 1 ? showKeys[0]!.replace(/[^a-z0-9-]+/g, '_') : 'shows';
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
    const source = String(request.query.source ?? 'all') as BuzzSource;
    if (!BUZZ_SOURCES.includes(source)) throw new HttpError(400, `source: ${BUZZ_SOURCES.join(', ')}`);
    const showKeys = [...new Set(String(request.params.showKey).split(','))];
    const registry = await repos.shows.all();
    if (source === 'wikipedia') {
      const shows = showKeys.map((showKey) => showIn(registry, showKey));
      const bare = shows.filter((show) => !show.config.wikipedia_articles);
      if (bare.length > 0)
        throw new HttpError(400, `no Wikipedia article listed for ${bare.map((show) => show.show_key).join(', ')}`);
      const rows = (await Promise.all(shows.map((show) => readPageviewsBuzz(repos, show)))).flat();
      if (request.query.format === 'csv')
        response
          .type('text/csv')
          .attachment(`${csvName(showKeys)}-pageviews.csv`)
          .send(pageviewsCsv(rows));
      else response.json(rows);
      return;
    }
    const days = (
      await Promise.all(showKeys.map((showKey) => readDailyBuzz(repos, showIn(registry, showKey), source)))
    ).flat();
    if (request.query.format === 'csv') {
      response
        .type('text/csv')
        .attachment(`${csvName(showKeys)}-buzz.csv`)
        .send(buzzCsv(days));
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
