import { buzzTotals, coverageOf, coverageOfHours, measuredDay, type IngestedHour } from '../../domain/buzz-coverage';
import type { DailyDoc } from '../../domain/buzz-docs';
import { BUZZ_CSV_COLUMNS, buzzCsv, buzzRows, totalsText } from '../../domain/buzz-format';
import type { DayCounts } from '../../domain/buzz-query';
import { estimateFields } from '../../domain/day-estimates';
import { sentimentFields } from '../../domain/sentiment-metrics';
import { utcHoursOfLocalDay } from '../../domain/local-days';

const whole = (kept: number): IngestedHour => ({ kept, complete: true });
const counts = (date: string, tweets: number, terms: Record<string, number> = {}): DayCounts => ({
  date,
  tweets,
  original_tweets: tweets - Math.floor(tweets / 3),
  retweets: Math.floor(tweets / 3),
  unique_authors: Math.max(0, tweets - 1),
  // Every matching tweet scored: a half positive, a third negative, the mean 0.1.
  ...sentimentFields({
    doc_count: tweets,
    mean: { value: tweets > 0 ? 0.1 : null },
    labels: {
      buckets: { positive: { doc_count: Math.floor(tweets / 2) }, negative: { doc_count: Math.floor(tweets / 3) } },
    },
  }),
  term_counts: Object.entries(terms).map(([term, n]) => ({ term, tweets: n })),
});
/** A document as a show computes it: its estimates from the archive's 1% sample, of every day ingested. */
const doc = (show: string, measured: ReturnType<typeof measuredDay>, offset: number): DailyDoc =>
  ({
    ...('tweets' in measured
      ? estimateFields({
          twitter: {
            tweets: measured.tweets,
            retweets: measured.retweets,
            // The generator's authors: one posted twice, the others once.
            authorFrequencies: measured.tweets < 2 ? [0, measured.tweets] : [0, measured.tweets - 2, 1],
            coverage: measured.data_complete ? 'complete' : 'partial',
            verdicts: ['sample'],
          },
        })
      : {}),
    show_key: show,
    show_name: show === 'a:1' ? 'A' : 'B, the show',
    season: '1',
    studio_or_network: '',
    timezone: 'UTC',
    match_mode: 'exact',
    launch_date: '2019-07-03',
    days_since_launch: offset,
    computed_at: '2026-01-01T00:00:00Z',
    ...measured,
  }) as DailyDoc;

describe("a day's coverage: the one rule for no data, partial data and real zeros", () => {
  it('is none when no hour was ingested, partial when some were or a member failed, complete otherwise', () => {
    expect(coverageOfHours(Array.from({ length: 24 }, () => undefined))).toBe('none');
    expect(coverageOfHours(Array.from({ length: 24 }, (_, h) => (h === 5 ? undefined : whole(10))))).toBe('partial');
    expect(coverageOfHours(Array.from({ length: 24 }, (_, h) => (h === 0 ? whole(10) : undefined)))).toBe('partial');
    expect(coverageOfHours(Array.from({ length: 24 }, (_, h) => ({ kept: 10, complete: h !== 7 })))).toBe('partial');
    expect(coverageOfHours(Array.from({ length: 24 }, () => whole(0)))).toBe('complete');
  });

  it('follows the local day: a Tokyo day spans two UTC days, so one ingested UTC day leaves it partial', () => {
    const ingested = new Set(['2019-07-01']);
    const hours = (day: string, zone: string) =>
      utcHoursOfLocalDay(day, zone).map((hour) => (ingested.has(hour.day) ? whole(1) : undefined));
    expect(coverageOfHours(hours('2019-07-01', 'UTC'))).toBe('complete');
    expect(coverageOfHours(hours('2019-07-01', 'Asia/Tokyo'))).toBe('partial');
    expect(coverageOfHours(hours('2019-07-02', 'Asia/Tokyo'))).toBe('partial');
    expect(coverageOfHours(hours('2019-07-03', 'Asia/Tokyo'))).toBe('none');
    expect(coverageOfHours(hours('2019-06-30', 'America/Los_Angeles'))).toBe('partial');
  });

  it('gives a day with nothing ingested no metric at all — not zeros — even if tweets of it were indexed', () => {
    const none = measuredDay(
      counts('2019-06-30', 4, { x: 4 }),
      Array.from({ length: 24 }, () => undefined),
    );
    expect(none).toEqual({ date: '2019-06-30', data_complete: false });
    expect(coverageOf(doc('a:1', none, -3))).toBe('none');
  });

  it('keeps the counts of a partial day, over the statuses of the hours that were ingested', () => {
    const hours = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 12 ? whole(250) : undefined));
    const partial = measuredDay(counts('2019-07-03', 5, { x: 5 }), hours);
    expect(partial).toEqual({
      date: '2019-07-03',
      tweets: 5,
      original_tweets: 4,
      retweets: 1,
      unique_authors: 4,
      scored: 5,
      positive: 2,
      neutral: 2,
      negative: 1,
      net_sentiment: 0.2,
      mean_sentiment: 0.1,
      term_counts: [{ term: 'x', tweets: 5 }],
      share_of_sample: 0.005,
      statuses_in_sample: 1000,
      data_complete: false,
    });
    expect(coverageOf(doc('a:1', partial, 0))).toBe('partial');
  });

  it('keeps a real zero: a complete day without a matching tweet is 0, not missing', () => {
    const zero = measuredDay(
      counts('2019-07-02', 0, { x: 0 }),
      Array.from({ length: 24 }, () => whole(100)),
    );
    expect(zero).toMatchObject({ tweets: 0, unique_authors: 0, share_of_sample: 0, statuses_in_sample: 2400 });
    expect(coverageOf(doc('a:1', zero, -1))).toBe('complete');
    // Hours ingested whose statuses the language filter all dropped: a count of 0 with no share.
    const empty = measuredDay(
      counts('2019-07-02', 0),
      Array.from({ length: 24 }, () => whole(0)),
    );
    expect(empty).toMatchObject({ tweets: 0, share_of_sample: null, statuses_in_sample: 0, data_complete: true });
  });
});

describe('outputs of the rule: JSON rows, CSV, totals', () => {
  const all = (kept: number) => Array.from({ length: 24 }, () => whole(kept));
  const some = Array.from({ length: 24 }, (_, h) => (h < 6 ? whole(100) : undefined));
  const nothing = Array.from({ length: 24 }, () => undefined);
  const days: DailyDoc[] = [
    doc('a:1', measuredDay(counts('2019-07-01', 0), nothing), -2),
    doc('a:1', measuredDay(counts('2019-07-02', 0, { x: 0, '#y': 0 }), all(100)), -1),
    doc('a:1', measuredDay(counts('2019-07-03', 6, { x: 6, '#y': 2 }), some), 0),
    // Organic counts on b's day only: a's were computed before they existed.
    {
      ...doc('b:1', measuredDay(counts('2019-07-03', 3, { 'b, quoted': 3 }), all(50)), 0),
      owned: 1,
      flood: 0,
      burst: 0,
      organic_tweets: 2,
      organic_unique_authors: 1,
    } as DailyDoc,
  ];

  it('gives null for every metric and term of a no-data day, in the API and `buzz --format json`', () => {
    const rows = buzzRows(days);
    expect(rows.map((r) => [r.date, r.coverage, r.tweets, r.share_of_sample, r.statuses_in_sample])).toEqual([
      ['2019-07-01', 'none', null, null, null],
      ['2019-07-02', 'complete', 0, 0, 2400],
      ['2019-07-03', 'partial', 6, 0.01, 600],
      ['2019-07-03', 'complete', 3, 0.0025, 1200],
    ]);
    expect(rows[0]).toEqual({
      show_key: 'a:1',
      show_name: 'A',
      season: '1',
      date: '2019-07-01',
      source: 'all',
      days_since_launch: -2,
      coverage: 'none',
      tweets: null,
      original_tweets: null,
      retweets: null,
      unique_authors: null,
      share_of_sample: null,
      statuses_in_sample: null,
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
      no_authors_estimate: 'nothing was ingested',
      sample_verdict: null,
      no_estimate: 'nothing was ingested',
      scored: null,
      positive: null,
      neutral: null,
      negative: null,
      net_sentiment: null,
      mean_sentiment: null,
      no_sentiment: 'nothing was ingested',
      data_complete: false,
      terms: { x: null, '#y': null },
      pageviews: null,
      pageviews_coverage: null,
      owned: null,
      flood: null,
      burst: null,
      organic_tweets: null,
      organic_unique_authors: null,
    });
    expect(rows[1]!.terms).toEqual({ x: 0, '#y': 0 });
    expect(rows.map((r) => [r.owned, r.flood, r.burst, r.organic_tweets, r.organic_unique_authors])).toEqual([
      [null, null, null, null, null],
      [null, null, null, null, null],
      [null, null, null, null, null],
      [1, 0, 0, 2, 1],
    ]);
  });

  it('leaves the cells of a no-data day empty in the CSV, with a coverage column, and every show its terms', () => {
    expect(buzzCsv(days)).toBe(
      [
        `${BUZZ_CSV_COLUMNS.join(',')},term:x,term:#y,"term:b, quoted"`,
        'a:1,A,1,2019-07-01,-2,none,,,,,,,,,,,,,,,,,nothing was ingested,,nothing was ingested,,,,,,,nothing was ingested,false,,,,,,,,,,',
        // A count of 0 still has an interval: 0 to 3.69 sampled, 0 to 369 estimated.
        'a:1,A,1,2019-07-02,-1,complete,0,0,0,0,0,0.01,0,0,369,0,0,369,0,,0,369,no sampled post: bounded by the posts there could have been,sample,,0,0,0,0,,,no matching post,true,,,,,,,,0,0,',
        'a:1,A,1,2019-07-03,0,partial,6,4,2,5,0.01,,,,,,,,,,,,only part of it was ingested from twitter,sample,only part of it was ingested from twitter,6,3,1,2,0.1667,0.1,,false,,,,,,,,6,2,',
        // 3 posts by 2 authors: at least the 2 seen, at most 2 + 99 × 6.38 (the 1.25% upper limit of 1 seen once).
        'b:1,"B, the show",1,2019-07-03,0,complete,3,2,1,2,0.0025,0.01,300,61,877,100,2,558,3,,2,634,bounds only: a 1% sample sees too few authors more than once to tell authors of one post from authors of many,sample,,3,1,1,1,0,0.1,,true,,,1,0,0,2,1,,,3',
        '',
      ].join('\n'),
    );
    expect(BUZZ_CSV_COLUMNS).toEqual([
      'show_key',
      'show_name',
      'season',
      'date',
      'days_since_launch',
      'coverage',
      'tweets',
      'original_tweets',
      'retweets',
      'unique_authors',
      'share_of_sample',
      'sample_rate',
      'est_tweets',
      'est_tweets_low',
      'est_tweets_high',
      'est_retweets',
      'est_retweets_low',
      'est_retweets_high',
      'sampled_tweets',
      'est_unique_authors',
      'est_unique_authors_low',
      'est_unique_authors_high',
      'no_authors_estimate',
      'sample_verdict',
      'no_estimate',
      'scored',
      'positive',
      'neutral',
      'negative',
      'net_sentiment',
      'mean_sentiment',
      'no_sentiment',
      'data_complete',
      'pageviews',
      'pageviews_coverage',
      'owned',
      'flood',
      'burst',
      'organic_tweets',
      'organic_unique_authors',
    ]);
  });

  it('totals only the days with data, and says how many days they cover', () => {
    const totals = buzzTotals(days.filter((d) => d.show_key === 'a:1'));
    expect(totals).toEqual({ tweets: 6, daysWithData: 2, partialDays: 1, days: 3 });
    expect(totalsText(totals)).toBe('6 tweets over 2 of 3 days (1 partial)');
    expect(totalsText(buzzTotals(days.slice(0, 1)))).toBe('0 tweets over 0 of 1 day');
  });
});
