import type { Repositories } from '../adapters/repositories';
import { measuredDay } from '../domain/buzz-coverage';
import type { DailyDoc } from '../domain/buzz-docs';
import type { Day } from '../domain/days';
import { daysSinceLaunch, utcHoursOfLocalDay } from '../domain/local-days';
import type { ShowConfig } from '../domain/show-config';
import type { Source } from '../domain/tweet';

/**
 * A show's buzz day by day from `from` to `to` (its local days), with one search: of every source
 * (what the show workflows store in buzz-daily), or of one (asked for by `buzz --source`), each
 * day's coverage from the ingest records of the same sources (domain/buzz-coverage.ts).
 */
export async function measureShow(
  repos: Pick<Repositories, 'tweets' | 'ingestRecords'>,
  config: ShowConfig,
  from: Day,
  to: Day,
  computedAt: string,
  source?: Source,
): Promise<DailyDoc[]> {
  const counts = await repos.tweets.countByDay(config, from, to, source);
  const ingested = await repos.ingestRecords.ingestedHours(from, to, source);
  // A day with nothing ingested gets no metric (domain/buzz-coverage.ts), even when some of
  // its tweets came in with a neighbouring day's hours.
  return counts.map((day) => ({
    show_key: config.show_key,
    show_name: config.show_name,
    season: config.season,
    studio_or_network: config.studio_or_network,
    timezone: config.timezone,
    match_mode: config.match_mode,
    launch_date: config.launch_date,
    days_since_launch: daysSinceLaunch(day.date, config.launch_date),
    ...measuredDay(
      day,
      utcHoursOfLocalDay(day.date, config.timezone).map((hour) => ingested.get(`${hour.day}T${hour.group}`)),
    ),
    computed_at: computedAt,
  }));
}
