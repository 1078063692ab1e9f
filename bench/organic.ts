import { openRepositories, type Repositories } from '../adapters/repositories';
import { buzzSearch } from '../domain/buzz-query';
import { nearDuplicateBands } from '../domain/near-duplicates';
import { textsToRead } from '../domain/organic';
import type { ShowConfig } from '../domain/show-config';
import { classifiedPosts } from '../services/classified-posts';
import { measureShow } from '../services/measure-show';
import type { Dataset } from './data';
import { benchEnv, timed, type BenchEnv } from './env';
import { ingestOnce } from './ingest';
import { benchShows } from './refresh';

const ROUNDS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The repositories with no matching post to classify: the show computation before organic buzz. */
function withoutOrganic(repos: Repositories): Repositories {
  return { ...repos, tweets: { ...repos.tweets, matchingPosts: async () => [] } };
}

/**
 * Each show's median seconds over ROUNDS of `a` and `b`, run one after the other per show and in
 * alternating order, so the machine's drift falls on both alike.
 */
async function sideBySide(
  configs: ShowConfig[],
  a: (show: ShowConfig) => Promise<unknown>,
  b: (show: ShowConfig) => Promise<unknown>,
): Promise<{ a: number; b: number }> {
  let totalA = 0;
  let totalB = 0;
  for (const show of configs) {
    const times = { a: [] as number[], b: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
      for (const which of order) times[which].push((await timed(() => (which === 'a' ? a : b)(show))).seconds);
    }
    totalA += median(times.a);
    totalB += median(times.b);
  }
  return { a: totalA, b: totalB };
}

/**
 * What the fingerprints cost ingestion: nearDuplicateBands (as toTweetDoc runs it) over the texts
 * of 10,000 of the day's original posts, the median of ROUNDS, in µs a post; and the share of
 * originals among the day's kept posts (a retweet has no fingerprint to compute).
 */
async function fingerprintCost(es: BenchEnv['es'], index: string) {
  const originals = { term: { is_retweet: false } };
  const answer = await es.search<{ text: string }>({ index, size: 10_000, query: originals, _source: ['text'] });
  const texts = answer.hits.hits.map((hit) => hit._source!.text);
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    rounds.push((await timed(async () => texts.forEach((text) => nearDuplicateBands(text)))).seconds);
  const [kept, original] = await Promise.all([es.count({ index }), es.count({ index, query: originals })]);
  return { micros_per_original: (median(rounds) / texts.length) * 1e6, originals_share: original.count / kept.count };
}

/**
 * Organic buzz's cost (issue "Organic buzz"): on the real-size day, each of `count` shows'
 * computation (services/measure-show.ts, as the show workflow runs it) with its organic counts and
 * without them (no matching post read or classified), side by side; and P4's per-show search
 * against the same search plus reading and classifying the show's matching posts (services/classified-posts.ts).
 */
export async function benchOrganic(data: Dataset, count: number) {
  const env = await benchEnv('organic');
  const { repos, close } = openRepositories(env.config.elasticsearch);
  try {
    await env.startWorker(2);
    await ingestOnce(env, data, data.days[0]!);
    const configs = benchShows(count, data.days[0]!);
    const index = `${env.config.elasticsearch.indexPrefix}-tweets-*`;
    const computedAt = new Date().toISOString();
    let posts = 0;
    let textsRead = 0;
    let flood = 0;
    let burst = 0;
    for (const show of configs) {
      const found = await classifiedPosts(repos, show, show.window_start, show.window_end);
      posts += found.posts.length;
      textsRead += textsToRead(found.posts, [], show.timezone).length;
      for (const day of found.days.values()) {
        flood += day.flood;
        burst += day.burst;
      }
    }
    const computation = await sideBySide(
      configs,
      (show) => measureShow(repos, show, show.window_start, show.window_end, computedAt),
      (show) => measureShow(withoutOrganic(repos), show, show.window_start, show.window_end, computedAt),
    );
    const search = (show: ShowConfig) =>
      env.es.search({ index, size: 0, request_cache: false, ...buzzSearch(show, show.window_start, show.window_end) });
    const p4 = await sideBySide(
      configs,
      async (show) => {
        await search(show);
        await classifiedPosts(repos, show, show.window_start, show.window_end);
      },
      search,
    );
    return {
      fingerprints: await fingerprintCost(env.es, index),
      shows: count,
      day: data.days[0]!,
      matching_posts: posts,
      /** Of those, the posts whose text was read: possible near-duplicates (domain/organic.ts, textsToRead). */
      texts_read: textsRead,
      flood,
      burst,
      rounds: ROUNDS,
      seconds_per_show_with_organic: computation.a / count,
      seconds_per_show_without: computation.b / count,
      /** Goal ≤ 2. */
      ratio: computation.a / computation.b,
      p4_search_seconds_per_show: p4.b / count,
      p4_search_and_organic_seconds_per_show: p4.a / count,
      /** Goal ≤ 2: P4's per-show figure no worse than halved. */
      p4_ratio: p4.a / p4.b,
    };
  } finally {
    await close();
    await env.close();
  }
}
