import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { ensureShowIndices } from '../../adapters/elasticsearch-indices';
import { measuredDay, type Coverage } from '../../domain/buzz-coverage';
import type { DailyDoc, RegisteredShow } from '../../domain/buzz-docs';
import { estimateFields } from '../../domain/day-estimates';
import { addDays, daysBetween } from '../../domain/days';
import { indexNames } from '../../domain/index-names';
import { configFingerprint, parseSheetRows, type ShowConfig } from '../../domain/show-config';
import { sentimentFields } from '../../domain/sentiment-metrics';
import type { BuzzTestEnv } from './buzz-env';

/** The seeded tweets of show i on the offset-th day of its window (day −7 is offset 0). */
export const seededTweets = (i: number, offset: number) => (i * 7 + offset * 3) % 50;
/**
 * What was "ingested" of each seeded day: Show 01 has nothing from offset 30 on (days since launch
 * 23–28: gaps) and half of offset 29 (day 22); Show 17 has half of its first day (day −7) only, and
 * no matching tweet on offset 27 (day 20: a real 0). Every other day is complete.
 */
export function coverageOfSeed(i: number, offset: number): Coverage {
  if (i === 1 && offset >= 30) return 'none';
  if ((i === 1 && offset === 29) || (i === 17 && offset === 0)) return 'partial';
  return 'complete';
}
/**
 * What the seeded tweets hold apart from the audience (docs/organic.md): the show's own posts, a
 * flood's copies beyond the first and, on busy days, two posts of a burst; the rest organic.
 */
export function seededOrganic(i: number, offset: number) {
  const tweets = seededTweets(i, offset);
  const owned = tweets % 4;
  const flood = Math.floor(tweets / 6);
  const burst = tweets >= 10 ? 2 : 0;
  const organic = tweets - owned - flood - burst;
  return { owned, flood, burst, organic_tweets: organic, organic_unique_authors: Math.max(0, organic - 1) };
}
/** Show 17's last day (offset 35, day 28) was archived from a stream that is not the 1% sample. */
export const isNotSampleSeed = (i: number, offset: number) => i === 17 && offset === 35;
/** A seeded day's estimates of the Twitter archive's 1% sample and its organic counts, as the show workflows store them. */
function measuredSeed(i: number, offset: number) {
  const tweets = seededTweets(i, offset);
  const estimates = estimateFields({
    twitter: {
      tweets,
      retweets: tweets % 3,
      // One author posted three of the day's tweets, the others one each.
      authorFrequencies: tweets < 3 ? [0, tweets] : [0, tweets - 3, 0, 1],
      coverage: coverageOfSeed(i, offset),
      verdicts: [isNotSampleSeed(i, offset) ? 'not_sample' : 'sample'],
    },
  });
  const organic = seededOrganic(i, offset);
  return {
    ...estimates,
    ...organic,
    sampled_organic_tweets: estimates.sampled_tweets === null ? null : organic.organic_tweets,
  };
}
const seededHours = (coverage: Coverage) =>
  Array.from({ length: 24 }, (_, hour) =>
    coverage === 'none' || (coverage === 'partial' && hour >= 12) ? undefined : { kept: 50, complete: true },
  );

/** A show as a sheet sync registers it, from row `sheetRow` of a seeded sheet. */
export function registeredShow(config: ShowConfig, sheetRow: number): RegisteredShow {
  return {
    ...config,
    status: 'active',
    sheet: 'file:seed.csv',
    sheet_row: sheetRow,
    synced_at: '2026-01-01T00:00:00Z',
    fingerprint: configFingerprint(config),
    config,
  };
}

/** 50 shows × 36 days of known numbers, written straight to the indices the workflows fill. */
export async function seedShows(env: BuzzTestEnv): Promise<void> {
  const indices = indexNames(env.config.elasticsearch.indexPrefix);
  await ensureShowIndices(env.es, indices);
  const shows: RegisteredShow[] = [];
  const days: DailyDoc[] = [];
  for (let i = 0; i < 50; i++) {
    const name = `Show ${String(i).padStart(2, '0')}`;
    const launch = addDays('2019-07-08', i % 5);
    const terms = i === 0 ? 'Alpha Beta, #gamma' : `${name} tonight`;
    const config = parseSheetRows(
      [{ show_name: name, season: '1', launch_date: launch, optional_search_terms: terms }],
      ['show_name', 'season', 'launch_date', 'optional_search_terms'],
    ).shows[0]!;
    shows.push({ ...registeredShow(config, i + 2), last_computed_at: '2026-01-01T00:00:00Z' });
    for (const [offset, date] of daysBetween(config.window_start, config.window_end).entries()) {
      const tweets = seededTweets(i, offset);
      const measured = measuredDay(
        {
          date,
          tweets,
          original_tweets: tweets - (tweets % 3),
          retweets: tweets % 3,
          unique_authors: Math.max(0, tweets - 2),
          // Every matching tweet scored: half positive, a fifth negative, each label's mean ±0.5.
          ...sentimentFields({
            doc_count: tweets,
            mean: { value: tweets > 0 ? ((Math.floor(tweets / 2) - Math.floor(tweets / 5)) * 0.5) / tweets : null },
            labels: {
              buckets: {
                positive: { doc_count: Math.floor(tweets / 2) },
                negative: { doc_count: Math.floor(tweets / 5) },
              },
            },
          }),
          term_counts: config.optional.map((t, k) => ({ term: t.text, tweets: Math.floor(tweets / (k + 1)) })),
        },
        seededHours(coverageOfSeed(i, offset)),
      );
      days.push({
        show_key: config.show_key,
        show_name: name,
        season: '1',
        studio_or_network: '',
        timezone: 'UTC',
        match_mode: 'exact',
        launch_date: launch,
        days_since_launch: offset - 7,
        // Through the rules the workflows use: no metric where nothing was ingested, and estimates
        // of the Twitter archive's 1% sample.
        ...measured,
        ...('tweets' in measured ? measuredSeed(i, offset) : {}),
        computed_at: '2026-01-01T00:00:00Z',
      } as DailyDoc);
    }
  }
  await bulkWrite(env.es, {
    what: 'seeded shows',
    datasource: shows,
    onDocument: (s) => ({ index: { _index: indices.shows, _id: s.show_key } }),
    refreshOnCompletion: indices.shows,
  });
  await bulkWrite(env.es, {
    what: 'seeded days',
    datasource: days,
    onDocument: (d) => ({ index: { _index: indices.daily, _id: `${d.show_key}@${d.date}` } }),
    refreshOnCompletion: indices.daily,
  });
}
