import type { HourCounts } from '../../domain/buzz-query';
import { measuredHours } from '../../domain/hourly-buzz';
import { sentimentFields } from '../../domain/sentiment-metrics';

const H = (hh: string) => `2026-11-20T${hh}:00:00.000Z`;
const counts = (hh: string, source: HourCounts['source'], tweets: number): HourCounts => ({
  hour: H(hh),
  source,
  tweets,
  original_tweets: tweets - 1,
  retweets: 1,
  unique_authors: tweets - 2,
  // All scored: half positive (rounded up), a quarter negative (rounded down); the mean 0.25.
  ...sentimentFields({
    doc_count: tweets,
    mean: { value: 0.25 },
    labels: {
      buckets: { positive: { doc_count: Math.ceil(tweets / 2) }, negative: { doc_count: Math.floor(tweets / 4) } },
    },
  }),
});

describe('measuredHours: hour rows with their coverage (no data is not zero)', () => {
  // 10: archive only; 11: both, the live part incomplete; 12: live only, nothing matched; 13: nothing ingested.
  const ingested = {
    twitter: new Map([
      ['2026-11-20T10', { kept: 200, complete: true }],
      ['2026-11-20T11', { kept: 100, complete: true }],
    ]),
    bluesky: new Map([
      ['2026-11-20T11', { kept: 300, complete: false }],
      ['2026-11-20T12', { kept: 50, complete: true }],
    ]),
  };
  // Hour 13 has a matching document (its created_at), but no hour of it was ingested.
  const found = [
    counts('10', 'all', 10),
    counts('10', 'twitter', 10),
    counts('11', 'all', 8),
    counts('11', 'twitter', 3),
    counts('11', 'bluesky', 5),
    counts('13', 'all', 4),
    counts('13', 'twitter', 4),
  ];
  // The hour's posts by category (domain/organic.ts); hour 13's are not shown: nothing of it was ingested.
  const organic = new Map([
    [`${H('11')}|all`, { owned: 1, flood: 2, burst: 0, organic_tweets: 5, organic_unique_authors: 4 }],
    [`${H('11')}|bluesky`, { owned: 1, flood: 2, burst: 0, organic_tweets: 2, organic_unique_authors: 2 }],
    [`${H('13')}|all`, { owned: 0, flood: 0, burst: 0, organic_tweets: 4, organic_unique_authors: 4 }],
  ]);
  const rows = measuredHours(
    ['10', '11', '12', '13'].map(H),
    found,
    ingested,
    new Map([['2026-11-20', 'sample']]),
    organic,
  );
  const row = (hh: string, source: string) => rows.find((r) => r.hour === H(hh) && r.source === source);

  it('gives a row per hour for the total and each source, in hour order', () => {
    expect(rows.map((r) => `${r.hour.slice(11, 13)} ${r.source}`)).toEqual(
      ['10', '11', '12', '13'].flatMap((hh) => [`${hh} all`, `${hh} twitter`, `${hh} bluesky`]),
    );
  });

  it("takes each source's coverage from its own hours, and the total's from both", () => {
    expect(rows.map((r) => r.coverage)).toEqual([
      'complete',
      'complete',
      'none',
      'partial',
      'complete',
      'partial',
      'complete',
      'none',
      'complete',
      'none',
      'none',
      'none',
    ]);
  });

  it('keeps the counts where the hour was ingested, with the share of what it kept', () => {
    expect(row('11', 'all')).toEqual({
      hour: H('11'),
      source: 'all',
      coverage: 'partial',
      tweets: 8,
      original_tweets: 7,
      retweets: 1,
      unique_authors: 6,
      share_of_sample: 8 / 400,
      // The live part of the hour is partial: no estimate of the hour's whole.
      sample_rate: null,
      est_tweets: null,
      est_tweets_low: null,
      est_tweets_high: null,
      est_retweets: null,
      est_retweets_low: null,
      est_retweets_high: null,
      sampled_tweets: null,
      est_unique_authors: null,
      est_unique_authors_low: null,
      est_unique_authors_high: null,
      no_authors_estimate: 'only part of it was ingested from bluesky',
      sample_verdict: 'sample',
      no_estimate: 'only part of it was ingested from bluesky',
      scored: 8,
      positive: 4,
      neutral: 2,
      negative: 2,
      net_sentiment: 0.25,
      mean_sentiment: 0.25,
      no_sentiment: null,
      owned: 1,
      flood: 2,
      burst: 0,
      organic_tweets: 5,
      organic_unique_authors: 4,
    });
    expect(row('11', 'bluesky')!.share_of_sample).toBe(5 / 300);
    expect(row('11', 'bluesky')).toMatchObject({ owned: 1, flood: 2, organic_tweets: 2 });
    // Ingested and nothing matched: a real zero.
    expect(row('12', 'bluesky')).toMatchObject({
      coverage: 'complete',
      tweets: 0,
      retweets: 0,
      share_of_sample: 0,
      owned: 0,
      organic_tweets: 0,
    });
  });

  it('has null metrics where nothing was ingested, even when a document of that hour was found', () => {
    for (const r of [row('10', 'bluesky'), row('12', 'twitter'), row('13', 'all'), row('13', 'twitter')])
      expect(r).toMatchObject({
        coverage: 'none',
        tweets: null,
        original_tweets: null,
        retweets: null,
        unique_authors: null,
        share_of_sample: null,
        scored: null,
        net_sentiment: null,
        no_sentiment: 'nothing was ingested',
        owned: null,
        organic_tweets: null,
      });
  });

  it('estimates the whole population: the archive’s 1% sample scaled up, a whole Bluesky hour as counted', () => {
    // 10 sampled tweets: 1,000 estimated, the exact Poisson interval on 10 (4.795–18.390) × 100.
    expect(row('10', 'twitter')).toMatchObject({
      sample_rate: 0.01,
      est_tweets: 1000,
      est_tweets_low: 479,
      est_tweets_high: 1840,
      est_retweets: 100,
      est_retweets_low: 2,
      est_retweets_high: 558,
      no_estimate: null,
    });
    // A census counts whole: 0 is 0.
    expect(row('12', 'bluesky')).toMatchObject({
      sample_rate: 1,
      est_tweets: 0,
      est_tweets_low: 0,
      est_tweets_high: 0,
    });
    expect(row('13', 'all')).toMatchObject({ est_tweets: null, no_estimate: 'nothing was ingested' });
  });

  it('gives no estimate of an hour of an archive day that is not known to be the 1% sample', () => {
    const [hour] = measuredHours([H('10')], found, ingested, new Map([['2026-11-20', 'not_sample']]), new Map());
    expect(hour).toMatchObject({
      tweets: 10,
      est_tweets: null,
      sample_verdict: 'not_sample',
      no_estimate: 'the Twitter archive of that day is not the 1% sample',
    });
  });
});
