import type { Client } from '@elastic/elasticsearch';
import { tweetRepository } from '../adapters/repositories/tweets';
import { indexNames } from '../domain/index-names';
import { buzzSearch, readBuzzAggregation } from '../domain/buzz-query';
import { addDays, daysBetween } from '../domain/days';
import { parseSheetRows, type ShowConfig } from '../domain/show-config';
import { Random } from '../simulator/random';
import { WORDS } from '../simulator/vocabulary';
import type { Dataset } from './data';
import { benchEnv, timed } from './env';
import { ingestOnce } from './ingest';

async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** `count` shows launched around `day`, each matching two random words or a hashtag. */
export function benchShows(count: number, day: string): ShowConfig[] {
  const random = new Random(500);
  const rows = Array.from({ length: count }, (_, i) => ({
    show_name: `Bench Show ${i}`,
    season: '1',
    launch_date: addDays(day, (i % 7) - 3),
    optional_search_terms: `${random.pick(WORDS.en!)} ${random.pick(WORDS.en!)}, #${random.pick(WORDS.en!)}`,
  }));
  return parseSheetRows(rows, ['show_name', 'season', 'launch_date', 'optional_search_terms']).shows;
}

/**
 * P4: refreshing every show's window on the same index — one search per show (a date histogram
 * in its time zone), sent as the show computations send them (many at once, as one `_msearch`),
 * against the original scheme, one query per show and day computing the same daily figures
 * (tweets, retweets, unique authors, per-term counts). The per-show searches one at a time (4 in
 * flight), as measured before batching, are reported beside them.
 */
export async function benchRefresh(data: Dataset, count: number) {
  const env = await benchEnv('p4');
  try {
    await env.startWorker(2);
    await ingestOnce(env, data, data.days[0]!);
    const es: Client = env.es;
    const indices = indexNames(env.config.elasticsearch.indexPrefix);
    const index = indices.tweetsPattern;
    const configs = benchShows(count, data.days[0]!);
    const tweets = tweetRepository(es, indices);
    const countWindow = (show: ShowConfig) => tweets.countByDay(show, show.window_start, show.window_end);
    // A first pass, not measured, so that no way pays for the index's cold caches alone.
    await eachLimited(configs, env.config.temporal.showComputations, async (show) => void (await countWindow(show)));
    let perShowTotal = 0;
    let perDayTotal = 0;
    const perShow = await timed(() =>
      eachLimited(configs, 4, async (show) => {
        const answer = await es.search({
          index,
          size: 0,
          request_cache: false,
          ...buzzSearch(show, show.window_start, show.window_end),
        });
        perShowTotal += readBuzzAggregation(answer.aggregations, show, show.window_start, show.window_end).reduce(
          (sum, d) => sum + d.tweets,
          0,
        );
      }),
    );
    // As a worker computes shows: as many at once as it runs (BUZZ_SHOW_COMPUTATIONS), their
    // searches sent together (adapters/elasticsearch-search-batch.ts).
    let batchedTotal = 0;
    const batched = await timed(() =>
      eachLimited(configs, env.config.temporal.showComputations, async (show) => {
        const days = await countWindow(show);
        batchedTotal += days.reduce((sum, d) => sum + d.tweets, 0);
      }),
    );
    const queries = configs.flatMap((show) =>
      daysBetween(show.window_start, show.window_end).map((day) => ({ show, day })),
    );
    const perDay = await timed(() =>
      eachLimited(queries, 4, async ({ show, day }) => {
        const answer = await es.search({ index, size: 0, request_cache: false, ...buzzSearch(show, day, day) });
        perDayTotal += readBuzzAggregation(answer.aggregations, show, day, day).reduce((sum, d) => sum + d.tweets, 0);
      }),
    );
    return {
      shows: count,
      one_search_per_show_seconds: perShow.seconds,
      searches: configs.length,
      batched_searches_seconds: batched.seconds,
      shows_at_once: env.config.temporal.showComputations,
      one_query_per_show_and_day_seconds: perDay.seconds,
      queries: queries.length,
      matching_tweets_each_way: [perShowTotal, batchedTotal, perDayTotal],
      /** Goal ≥ 20: the original scheme against the show computations' way. */
      ratio: perDay.seconds / batched.seconds,
      unbatched_ratio: perDay.seconds / perShow.seconds,
    };
  } finally {
    await env.close();
  }
}
