import { Router } from 'express';
import {
  completenessText,
  DEFAULT_WINDOW,
  LEADERBOARD_METRICS,
  leaderboardCsv,
  parseWindow,
  windowText,
  type LeaderboardMetric,
} from '../../domain/leaderboard';
import { readLeaderboard } from '../../services/leaderboard';
import type { RouteContext } from '../context';
import { HttpError, parameter } from '../http';

/** GET /api/leaderboard: the show seasons ranked over the same days since their launch (JSON or CSV). */
export function leaderboardRoutes(ctx: RouteContext): Router {
  const router = Router();
  router.get('/api/leaderboard', async (request, response) => {
    const window = parameter(() => parseWindow(String(request.query.window ?? DEFAULT_WINDOW)));
    const metric = String(request.query.metric ?? 'tweets') as LeaderboardMetric;
    if (!LEADERBOARD_METRICS.includes(metric)) throw new HttpError(400, `metric: ${LEADERBOARD_METRICS.join(', ')}`);
    const rows = await readLeaderboard(ctx.repos, window, metric);
    if (request.query.format === 'csv')
      response
        .type('text/csv')
        .attachment(`leaderboard-${windowText(window)}.csv`)
        .send(leaderboardCsv(rows));
    else
      response.json(
        rows.map((row) => ({
          ...row,
          completeness:
            metric === 'pageviews'
              ? completenessText({
                  days: row.days,
                  days_with_data: row.pageviews_days_with_data,
                  partial_days: row.pageviews_partial_days,
                })
              : completenessText(row),
        })),
      );
  });
  return router;
}
