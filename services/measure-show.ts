import type { Client } from '@elastic/elasticsearch';
import { measuredDay } from '../domain/buzz-coverage';
import type { DailyDoc } from '../domain/buzz-docs';
import { buzzSearch, readBuzzAggregation } from '../domain/buzz-query';
import type { Day } from '../domain/days';
import type { IndexNames } from '../domain/index-names';
import { daysSinceLaunch, utcHoursOfLocalDay } from '../domain/local-days';
import type { ShowConfig } from '../domain/show-config';
import type { Source } from '../domain/tweet';
import { ingestedHours } from './ingested-hours';

export interface MeasureDeps {
  es: Client;
  indices: IndexNames;
}

/**
 * A show's buzz day by day from `from` to `to` (its local days), with one search: of every source
 * (what the show workflows store in buzz-daily), or of one (asked for by `buzz --source`), each
 * day's coverage from the ingest manifests of the same sources (domain/buzz-coverage.ts).
 */
export async function measureShow(
  deps: MeasureDeps,
  config: ShowConfig,
  from: Day,
  to: Day,
  computedAt: string,
  source?: Source,
): Promise<DailyDoc[]> {
  const answer = await deps.es.search({
    index: deps.indices.tweetsPattern,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    request_cache: false,
    ...buzzSearch(config, from, to, source),
  });
  const counts = answer.aggregations ? readBuzzAggregation(answer.aggregations) : [];
  const samples = await ingestedHours(deps, from, to, source);
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
      utcHoursOfLocalDay(day.date, config.timezone).map((hour) => samples.get(`${hour.day}T${hour.group}`)),
    ),
    computed_at: computedAt,
  }));
}
