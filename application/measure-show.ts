import type { Client } from '@elastic/elasticsearch';
import { readAll } from '../adapters/elasticsearch-read-all';
import { measuredDay, type IngestedHour } from '../domain/buzz-coverage';
import type { DailyDoc } from '../domain/buzz-docs';
import { buzzSearch, readBuzzAggregation, sourceClause } from '../domain/buzz-query';
import { addDays, type Day } from '../domain/days';
import type { IndexNames } from '../domain/index-names';
import { daysSinceLaunch, utcHoursOfLocalDay } from '../domain/local-days';
import type { ShowConfig } from '../domain/show-config';
import type { Source } from '../domain/tweet';

export interface MeasureDeps {
  es: Client;
  indices: IndexNames;
}

/**
 * The ingest manifests' hour groups around a date range: kept statuses and completeness by UTC
 * hour. An hour ingested from both sources (the archive and the live capture) sums their statuses
 * and is complete when each source's part of it is.
 */
async function hourSamples(deps: MeasureDeps, from: Day, to: Day, source?: Source): Promise<Map<string, IngestedHour>> {
  const hits = await readAll<{ day: string; group: string; kept: number; complete: boolean }>(deps.es, {
    index: deps.indices.ingest,
    _source: ['day', 'group', 'kept', 'complete'],
    query: {
      bool: {
        filter: [
          { term: { kind: 'group' } },
          { range: { day: { gte: addDays(from, -1), lte: addDays(to, 1) } } },
          // Manifests say `bluesky` for the live capture, the archive's URI for the Twitter archive.
          ...(source === undefined ? [] : [sourceClause(source)]),
        ],
      },
    },
  });
  const hours = new Map<string, IngestedHour>();
  for (const { source: doc } of hits) {
    const key = `${doc.day}T${doc.group}`;
    const known = hours.get(key);
    hours.set(key, {
      kept: (known?.kept ?? 0) + doc.kept,
      complete: (known?.complete ?? true) && doc.complete,
    });
  }
  return hours;
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
  const samples = await hourSamples(deps, from, to, source);
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
