import { log } from '@temporalio/activity';
import type { ShowBuzzResult } from '../contracts/shows';
import { buzzTotals } from '../domain/buzz-coverage';
import type { Day } from '../domain/days';
import { daysToCompute } from '../domain/local-days';
import type { ShowConfig } from '../domain/show-config';
import { measureShow } from '../services/measure-show';
import type { ActivityDeps } from './deps';

/**
 * Computes a show's buzz for its whole window (or the days around some UTC days) with one search, and
 * writes one buzz-daily document per day (a recomputation replaces it). A whole-window
 * computation also removes the show's documents outside the window.
 */
export function computeShowBuzzActivity(deps: ActivityDeps) {
  return async ({ config, days }: { config: ShowConfig; days?: Day[] }): Promise<ShowBuzzResult> => {
    const computedAt = new Date().toISOString();
    const range = daysToCompute(config, days);
    if (!range) {
      const none = { from: config.window_start, to: config.window_start, days: 0, tweets: 0, removedDays: 0 };
      return { showKey: config.show_key, computedAt, ...none };
    }
    const docs = await measureShow(deps.repos, config, range.from, range.to, computedAt);
    await deps.repos.dailyBuzz.write(config.show_key, docs);
    const removedDays = days ? 0 : await deps.repos.dailyBuzz.removeOutsideWindow(config);
    await deps.repos.shows.markComputed(config.show_key, computedAt);
    const { tweets } = buzzTotals(docs);
    deps.metrics.showRecomputed(config.show_key);
    log.info('show buzz computed', { showKey: config.show_key, ...range, days: docs.length, tweets });
    return { showKey: config.show_key, computedAt, ...range, days: docs.length, tweets, removedDays };
  };
}

/** Removes a show's daily documents (its row left the sheet). */
export function removeShowBuzzActivity(deps: ActivityDeps) {
  return ({ showKey }: { showKey: string }): Promise<number> => deps.repos.dailyBuzz.removeShow(showKey);
}
