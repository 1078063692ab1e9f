import type { Repositories } from '../adapters/repositories';
import { measuredDay, mergeIngestedHours } from '../domain/buzz-coverage';
import type { DailyDoc } from '../domain/buzz-docs';
import { estimateFields, sourceParts, type SourcePart } from '../domain/day-estimates';
import { addDays, type Day } from '../domain/days';
import { daysSinceLaunch, utcHoursOfLocalDay } from '../domain/local-days';
import type { ShowConfig } from '../domain/show-config';
import { organicFields, sampledOrganicTweets, type OrganicDay } from '../domain/organic';
import { pageviewsFields } from '../domain/pageviews';
import { SOURCES, type Source } from '../domain/tweet';
import { classifiedPosts } from './classified-posts';
import { readShowPageviews } from './pageviews';

/** A measured day's estimates and organic counts, its sampled organic tweets beside its sampled tweets. */
function measuredFields(parts: Partial<Record<Source, SourcePart>>, organic: OrganicDay | undefined) {
  const estimates = estimateFields(parts);
  return {
    ...estimates,
    ...organicFields(organic),
    sampled_organic_tweets: sampledOrganicTweets(organic, estimates.sampled_tweets),
  };
}

/**
 * A show's buzz day by day from `from` to `to` (its local days), with one search: of every source
 * (what the show workflows store in buzz-daily), or of one (asked for by `buzz --source`), each
 * day's coverage from the ingest records of the same sources (domain/buzz-coverage.ts), and the
 * estimates of the whole population's posts (domain/day-estimates.ts), the organic counts from
 * the matching posts themselves (domain/organic.ts); of every source, also the
 * Wikipedia pageviews of the show's articles as stored (domain/pageviews.ts).
 */
export async function measureShow(
  repos: Pick<Repositories, 'tweets' | 'ingestRecords' | 'pageviews'>,
  config: ShowConfig,
  from: Day,
  to: Day,
  computedAt: string,
  source?: Source,
): Promise<DailyDoc[]> {
  // Four reads that do not depend on each other, at once. A local day touches the UTC day before
  // or after it.
  const [counts, { days: organic }, ingested, verdicts] = await Promise.all([
    repos.tweets.countByDay(config, from, to, source),
    classifiedPosts(repos, config, from, to, source),
    repos.ingestRecords.ingestedHoursBySource(from, to),
    repos.ingestRecords.sampleVerdicts(addDays(from, -1), addDays(to, 1)),
  ]);
  const sources = source === undefined ? SOURCES : [source];
  const pageviews =
    source === undefined && config.wikipedia_articles
      ? new Map((await readShowPageviews(repos, config.wikipedia_articles, from, to)).map((day) => [day.date, day]))
      : undefined;
  return counts.map(({ bySource, ...day }) => {
    const hours = utcHoursOfLocalDay(day.date, config.timezone);
    // A day with nothing ingested gets no metric (domain/buzz-coverage.ts), even when some of
    // its tweets came in with a neighbouring day's hours.
    const measured = measuredDay(
      day,
      hours.map((hour) =>
        sources.map((s) => ingested[s].get(`${hour.day}T${hour.group}`)).reduce(mergeIngestedHours, undefined),
      ),
    );
    return {
      show_key: config.show_key,
      show_name: config.show_name,
      season: config.season,
      studio_or_network: config.studio_or_network,
      timezone: config.timezone,
      match_mode: config.match_mode,
      launch_date: config.launch_date,
      days_since_launch: daysSinceLaunch(day.date, config.launch_date),
      ...measured,
      ...('tweets' in measured
        ? measuredFields(sourceParts(hours, bySource, ingested, verdicts, sources), organic.get(day.date))
        : {}),
      ...pageviewsFields(pageviews?.get(day.date)),
      computed_at: computedAt,
    } as DailyDoc;
  });
}
