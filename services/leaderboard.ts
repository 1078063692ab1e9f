import type { Repositories } from '../adapters/repositories';
import type { DailyDoc, RegisteredShow } from '../domain/buzz-docs';
import { UNIQUE_AUTHORS, localDaysClause, matchQuery } from '../domain/buzz-query';
import { addDays } from '../domain/days';
import { leaderboard, type LaunchWindow, type LeaderboardMetric, type LeaderboardRow } from '../domain/leaderboard';

/**
 * Distinct authors of each show's matching tweets over the window's local days, one cardinality
 * each (exact below 40,000 authors), searched many shows at a time.
 */
async function windowAuthors(
  repos: Pick<Repositories, 'tweets'>,
  shows: RegisteredShow[],
  window: LaunchWindow,
): Promise<number[]> {
  const searches = shows.map((show) => ({
    query: {
      bool: {
        filter: [
          localDaysClause(addDays(show.launch_date, window.from), addDays(show.launch_date, window.to), show.timezone),
          matchQuery(show.config),
        ],
      },
    },
    aggs: { authors: UNIQUE_AUTHORS },
  }));
  const answers = await repos.tweets.aggregateEach((i) => `counting the authors of ${shows[i]!.show_key}`, searches);
  return answers.map(
    (aggregations) => (aggregations as { authors?: { value: number } } | undefined)?.authors?.value ?? 0,
  );
}

/** The active show seasons ranked over a window relative to each one's launch (domain/leaderboard.ts). */
export async function readLeaderboard(
  repos: Pick<Repositories, 'tweets' | 'shows' | 'dailyBuzz'>,
  window: LaunchWindow,
  metric: LeaderboardMetric,
): Promise<LeaderboardRow[]> {
  const shows = (await repos.shows.all()).filter((show) => show.status === 'active');
  const [days, authors] = await Promise.all([
    repos.dailyBuzz.sinceLaunch(window.from, window.to),
    windowAuthors(repos, shows, window),
  ]);
  const byShow = new Map<string, DailyDoc[]>();
  for (const day of days) byShow.set(day.show_key, [...(byShow.get(day.show_key) ?? []), day]);
  return leaderboard(
    shows.map((show, i) => ({ show, days: byShow.get(show.show_key) ?? [], uniqueAuthors: authors[i]! })),
    window,
    metric,
  );
}
