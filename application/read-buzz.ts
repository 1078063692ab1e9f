import type { BuzzReader } from '../adapters/buzz-reader';
import type { DailyDoc, RegisteredShow } from '../domain/buzz-docs';
import { hourlySearch, readHourlyAggregation, type HourCounts } from '../domain/buzz-query';
import type { ShowConfig } from '../domain/show-config';
import type { Source } from '../domain/tweet';
import { measureShow, type MeasureDeps } from './measure-show';

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

/** A show's buzz hour by hour over the last `hours` hours (to the end of the current one), in total and per source. */
export async function readHourlyBuzz(
  deps: MeasureDeps,
  config: ShowConfig,
  hours: number,
  nowMs = Date.now(),
): Promise<HourCounts[]> {
  const end = Math.floor(nowMs / 3_600_000 + 1) * 3_600_000;
  const search = hourlySearch(config, new Date(end - hours * 3_600_000).toISOString(), new Date(end).toISOString());
  const answer = await deps.es.search({
    index: deps.indices.tweetsPattern,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    ...search,
  });
  return answer.aggregations ? readHourlyAggregation(answer.aggregations) : [];
}
