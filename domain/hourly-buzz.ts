import { coverageOfHours, mergeIngestedHours, type Coverage, type IngestedHour } from './buzz-coverage';
import {
  BUZZ_METRICS,
  noSentimentValues,
  organicValues,
  sentimentValues,
  type BuzzMetricValues,
  type OrganicValues,
  type SentimentValues,
} from './buzz-format';
import type { HourCounts, SourceCounts } from './buzz-query';
import { estimateFields, sourceParts, type EstimateFields } from './day-estimates';
import type { Day } from './days';
import type { SampleVerdict } from './sample-check';
import { NO_ORGANIC_POSTS, type OrganicFields } from './organic';
import { NO_SENTIMENT } from './sentiment-metrics';
import { SOURCES, type Source } from './tweet';

/**
 * A show's hour as `buzz --hourly`, the API's hourly route and the dashboard's live view give it:
 * of every source (`all`) or of one, with the hour's coverage by the rule of domain/buzz-coverage.ts.
 * An hour nothing was ingested of (no archive hour, no sealed live hour) has null metrics: unknown,
 * not zero.
 */
export interface HourRow extends BuzzMetricValues, EstimateFields, SentimentValues, OrganicValues {
  /** The hour's start, ISO (UTC). */
  hour: string;
  source: Source | 'all';
  coverage: Coverage;
}

/** What ingestion recorded of each UTC hour, per source, keyed `YYYY-MM-DDTHH`. */
export type IngestedHoursBySource = Record<Source, ReadonlyMap<string, IngestedHour>>;

const NO_COUNTS = { tweets: 0, original_tweets: 0, retweets: 0, unique_authors: 0, ...NO_SENTIMENT };

/**
 * One row per hour and per `all` and each source, in hour order: the counts of the hourly search
 * and the organic counts (domain/organic.ts, keyed `<hour>|<source>`), kept only where the hour
 * was ingested from that source.
 */
export function measuredHours(
  hourStarts: readonly string[],
  counts: HourCounts[],
  ingested: IngestedHoursBySource,
  verdicts: ReadonlyMap<Day, SampleVerdict>,
  organic: ReadonlyMap<string, OrganicFields>,
): HourRow[] {
  const countsOf = new Map(counts.map((row) => [`${row.hour}|${row.source}`, row]));
  return hourStarts.flatMap((hour) => {
    const key = hour.slice(0, 13);
    const bySource = SOURCES.map((source) => ingested[source].get(key));
    const sourceCounts = Object.fromEntries(
      SOURCES.map((source) => {
        // No row: nothing of that source matched, no author seen; a null count stays unknown.
        const found: Partial<HourCounts> & typeof NO_COUNTS = countsOf.get(`${hour}|${source}`) ?? NO_COUNTS;
        return [
          source,
          {
            tweets: found.tweets,
            retweets: found.retweets,
            authorFrequencies: found.author_frequencies === undefined ? [0] : found.author_frequencies,
          },
        ];
      }),
    ) as unknown as SourceCounts;
    const span = [{ day: key.slice(0, 10), group: key.slice(11, 13) }];
    const parts = (sources: readonly Source[]) => sourceParts(span, sourceCounts, ingested, verdicts, sources);
    return (['all', ...SOURCES] as const).map((source, i): HourRow => {
      const record = source === 'all' ? bySource.reduce(mergeIngestedHours, undefined) : bySource[i - 1];
      const coverage = coverageOfHours([record]);
      if (coverage === 'none')
        return {
          hour,
          source,
          coverage,
          ...(Object.fromEntries(BUZZ_METRICS.map((m) => [m, null])) as BuzzMetricValues),
          ...estimateFields({}),
          ...noSentimentValues('nothing was ingested'),
          ...organicValues(),
        };
      const found = countsOf.get(`${hour}|${source}`) ?? NO_COUNTS;
      const { tweets, original_tweets, retweets, unique_authors } = found;
      return {
        hour,
        source,
        coverage,
        tweets,
        original_tweets,
        retweets,
        unique_authors,
        // Matching documents ÷ documents kept by the language filter in that hour.
        share_of_sample: record!.kept > 0 ? tweets / record!.kept : null,
        ...estimateFields(parts(source === 'all' ? SOURCES : [source])),
        ...sentimentValues(found, tweets),
        ...(organic.get(`${hour}|${source}`) ?? NO_ORGANIC_POSTS),
      };
    });
  });
}
