import type { BuzzReader } from '../adapters/buzz-reader';
import type { DailyDoc, RegisteredShow } from '../domain/buzz-docs';
import { hourlySearch, readHourlyAggregation } from '../domain/buzz-query';
import { dayOfMs } from '../domain/days';
import { measuredHours, type HourRow } from '../domain/hourly-buzz';
import type { ShowConfig } from '../domain/show-config';
import type { Source } from '../domain/tweet';
import { ingestedHoursBySource } from './ingested-hours';
import { measureShow, type MeasureDeps } from './measure-show';

const HOUR_MS = 3_600_000;

/**
 * A show's daily buzz: of every source, as its workflow stored it in buzz-daily; of one source,
 * computed when asked with the same search and coverage rule, restricted to that source.
 */
export async function readDailyBuzz(
  deps: MeasureDeps & { reader: BuzzReader },
  show: RegisteredShow,
  source: Source | 'all',
): Promise<DailyDoc[]> {
  if (source === 'all') return deps.reader.dailyBuzz(show.show_key);
  return measureShow(deps, show.config, show.window_start, show.window_end, new Date().toISOString(), source);
}

/**
 * A show's buzz hour by hour over the last `hours` hours (to the end of the one `nowMs` is in), in
 * total and per source, each hour with its coverage from the ingest manifests.
 */
export async function readHourlyBuzz(
  deps: MeasureDeps,
  config: ShowConfig,
  hours: number,
  nowMs = Date.now(),
): Promise<HourRow[]> {
  const end = Math.floor(nowMs / HOUR_MS + 1) * HOUR_MS;
  const hourStarts = Array.from({ length: hours }, (_, i) => new Date(end - (hours - i) * HOUR_MS).toISOString());
  const search = hourlySearch(config, hourStarts[0]!, new Date(end).toISOString());
  const [answer, ingested] = await Promise.all([
    deps.es.search({
      index: deps.indices.tweetsPattern,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 0,
      ...search,
    }),
    ingestedHoursBySource(deps, dayOfMs(Date.parse(hourStarts[0]!)), dayOfMs(end - 1)),
  ]);
  const counts = answer.aggregations ? readHourlyAggregation(answer.aggregations) : [];
  return measuredHours(hourStarts, counts, ingested);
}
