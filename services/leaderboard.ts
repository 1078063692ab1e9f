import type { Client } from '@elastic/elasticsearch';
import type { BuzzReader } from '../adapters/buzz-reader';
import type { DailyDoc, RegisteredShow } from '../domain/buzz-docs';
import { UNIQUE_AUTHORS, localDaysClause, matchQuery } from '../domain/buzz-query';
import { addDays } from '../domain/days';
import type { IndexNames } from '../domain/index-names';
import { leaderboard, type LaunchWindow, type LeaderboardMetric, type LeaderboardRow } from '../domain/leaderboard';

/** Searches per msearch request: one per show. */
const MSEARCH_BATCH = 100;

/**
 * Distinct authors of each show's matching tweets over the window's local days, one cardinality
 * each (exact below 40,000 authors), sent in batches with msearch.
 */
async function windowAuthors(
  deps: { es: Client; indices: IndexNames },
  shows: RegisteredShow[],
  window: LaunchWindow,
): Promise<number[]> {
  const counts: number[] = [];
  for (let start = 0; start < shows.length; start += MSEARCH_BATCH) {
    const batch = shows.slice(start, start + MSEARCH_BATCH);
    const answer = await deps.es.msearch({
      searches: batch.flatMap((show) => [
        { index: deps.indices.tweetsPattern, ignore_unavailable: true, allow_no_indices: true },
        {
          size: 0,
          query: {
            bool: {
              filter: [
                localDaysClause(
                  addDays(show.launch_date, window.from),
                  addDays(show.launch_date, window.to),
                  show.timezone,
                ),
                matchQuery(show.config),
              ],
            },
          },
          aggs: { authors: UNIQUE_AUTHORS },
        },
      ]),
    });
    for (const [i, response] of answer.responses.entries()) {
      if ('error' in response)
        throw new Error(`counting the authors of ${batch[i]!.show_key}: ${JSON.stringify(response.error)}`);
      counts.push((response.aggregations as { authors?: { value: number } } | undefined)?.authors?.value ?? 0);
    }
  }
  return counts;
}

/** The active show seasons ranked over a window relative to each one's launch (domain/leaderboard.ts). */
export async function readLeaderboard(
  deps: { es: Client; indices: IndexNames; reader: BuzzReader },
  window: LaunchWindow,
  metric: LeaderboardMetric,
): Promise<LeaderboardRow[]> {
  const shows = (await deps.reader.shows()).filter((show) => show.status === 'active');
  const [days, authors] = await Promise.all([
    deps.reader.dailyBuzzSinceLaunch(window.from, window.to),
    windowAuthors(deps, shows, window),
  ]);
  const byShow = new Map<string, DailyDoc[]>();
  for (const day of days) byShow.set(day.show_key, [...(byShow.get(day.show_key) ?? []), day]);
  return leaderboard(
    shows.map((show, i) => ({
      show,
      days: byShow.get(show.show_key) ?? [],
      uniqueAuthors: authors[i]!,
    })),
    window,
    metric,
  );
}
