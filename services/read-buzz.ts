import type { Repositories } from '../adapters/repositories';
import type { DailyDoc, RegisteredShow } from '../domain/buzz-docs';
import { dayOfMs, HOUR_MS } from '../domain/days';
import { measuredHours, type HourRow } from '../domain/hourly-buzz';
import { localDayOf } from '../domain/local-days';
import { organicByHour } from '../domain/organic';
import { classifiedPosts } from './classified-posts';
import type { ShowConfig } from '../domain/show-config';
import type { Source } from '../domain/tweet';
import { measureShow } from './measure-show';
import { readShowPageviews } from './pageviews';
import { BuzzError } from '../domain/errors';
import { pageviewsRows, type PageviewsRow } from '../domain/pageviews-format';

/**
 * A show's daily buzz: of every source, as its workflow stored it in buzz-daily; of one source,
 * computed when asked with the same search and coverage rule, restricted to that source.
 */
export async function readDailyBuzz(
  repos: Repositories,
  show: RegisteredShow,
  source: Source | 'all',
): Promise<DailyDoc[]> {
  if (source === 'all') return repos.dailyBuzz.ofShow(show.show_key);
  return measureShow(repos, show.config, show.window_start, show.window_end, new Date().toISOString(), source);
}

/** A show's Wikipedia pageviews day by day over its window, as stored; refused for a show that lists no article. */
export async function readPageviewsBuzz(
  repos: Pick<Repositories, 'pageviews'>,
  show: RegisteredShow,
): Promise<PageviewsRow[]> {
  const articles = show.config.wikipedia_articles;
  if (!articles)
    throw new BuzzError(
      'bad_input',
      `${show.show_key} lists no Wikipedia article: fill its wikipedia_articles column in the sheet`,
    );
  return pageviewsRows(show, await readShowPageviews(repos, articles, show.window_start, show.window_end));
}

/**
 * A show's buzz hour by hour over the last `hours` hours (to the end of the one `nowMs` is in), in
 * total and per source, each hour with its coverage from the ingest records.
 */
export async function readHourlyBuzz(
  repos: Pick<Repositories, 'tweets' | 'ingestRecords'>,
  config: ShowConfig,
  hours: number,
  nowMs = Date.now(),
): Promise<HourRow[]> {
  const end = Math.floor(nowMs / HOUR_MS + 1) * HOUR_MS;
  const hourStarts = Array.from({ length: hours }, (_, i) => new Date(end - (hours - i) * HOUR_MS).toISOString());
  const [first, last] = [dayOfMs(Date.parse(hourStarts[0]!)), dayOfMs(end - 1)];
  const zone = config.timezone;
  const [counts, ingested, verdicts, { posts, days }] = await Promise.all([
    repos.tweets.countByHour(config, hourStarts[0]!, new Date(end).toISOString()),
    repos.ingestRecords.ingestedHoursBySource(first, last),
    repos.ingestRecords.sampleVerdicts(first, last),
    // Whole local days: a post's category depends on the rest of its day.
    classifiedPosts(repos, config, localDayOf(Date.parse(hourStarts[0]!), zone), localDayOf(end - 1, zone)),
  ]);
  const organic = organicByHour(posts, days, zone);
  return measuredHours(hourStarts, counts, ingested, verdicts, organic);
}
