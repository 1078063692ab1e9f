import {
  REPEAT_AUTHORS_MAX,
  buzzSearch,
  matchQuery,
  readBuzzAggregation,
  readHourlyAggregation,
} from '../../domain/buzz-query';
import { daysSinceLaunch, localDayOf, utcHoursOfLocalDay } from '../../domain/local-days';
import { NO_SENTIMENT } from '../../domain/sentiment-metrics';
import { parseSheetRows } from '../../domain/show-config';
import { SAMPLE_SHOWS, SHEET_COLUMNS } from '../../simulator/shows';

/** A terms aggregation's answer without a bucket. */
const NO_TERMS = { doc_count_error_upper_bound: 0, buckets: [] };

const shows = parseSheetRows(
  SAMPLE_SHOWS.map((s) => s.row),
  [...SHEET_COLUMNS],
).shows;
const marrowdeep = shows.find((s) => s.show_key === 'the-marrowdeep-affair:1')!;

describe('matchQuery', () => {
  it('requires every mandatory term, one optional term, no excluded term, as structured clauses', () => {
    expect(matchQuery(marrowdeep)).toEqual({
      bool: {
        must: [{ match_phrase: { text_norm: { query: 'marrowdeep' } } }],
        should: [{ match_phrase: { text_norm: { query: 'affair' } } }, { term: { hashtags: 'marrowdeepfinale' } }],
        minimum_should_match: 1,
        must_not: [{ match_phrase: { text_norm: { query: 'recipe' } } }],
      },
    });
  });

  it('turns query syntax in a term into plain words', () => {
    const glimmer = shows.find((s) => s.show_key === 'glimmer-tide:1')!;
    expect(JSON.stringify(matchQuery(glimmer))).not.toMatch(/query_string|\*|\(/);
    expect(matchQuery(glimmer)).toMatchObject({
      bool: { must: [{ match_phrase: { text_norm: { query: 'glimmer and tide' } } }] },
    });
  });

  it('matches every word with edit-distance fuzziness in fuzzy mode', () => {
    expect(matchQuery({ ...marrowdeep, match_mode: 'fuzzy' })).toMatchObject({
      bool: { must: [{ match: { text_norm: { query: 'marrowdeep', operator: 'and', fuzziness: 'AUTO' } } }] },
    });
  });
});

describe('buzzSearch', () => {
  it("histograms the window by day in the show's time zone, leaving days without a matching tweet out", () => {
    const search = buzzSearch(marrowdeep, '2019-07-01', '2019-07-31') as {
      query: { bool: { filter: object[] } };
      aggs: { days: { date_histogram: object } };
    };
    expect(search.query.bool.filter[0]).toEqual({
      range: {
        created_at: { gte: '2019-07-01', lt: '2019-08-01', format: 'strict_date', time_zone: 'America/Los_Angeles' },
      },
    });
    expect(search.aggs.days.date_histogram).toMatchObject({
      time_zone: 'America/Los_Angeles',
      calendar_interval: '1d',
      min_doc_count: 1,
    });
    expect(search.aggs.days.date_histogram).not.toHaveProperty('extended_bounds');
  });

  it('reads the per-day counts back, with how often the archive saw each author', () => {
    const bucket = (repeats: { buckets: { key: string; doc_count: number }[] }) => ({
      key_as_string: '2019-07-05',
      doc_count: 9,
      retweets: { doc_count: 3 },
      bluesky: { doc_count: 2, retweets: { doc_count: 1 }, authors: { value: 2 }, repeats: NO_TERMS },
      archive: { repeats: { ...NO_TERMS, ...repeats } },
      authors: { value: 6 },
      // 8 of the 9 scored: 5 positive, 2 negative (so 1 neutral).
      sentiment: {
        doc_count: 8,
        mean: { value: 0.123456 },
        labels: { buckets: { positive: { doc_count: 5 }, negative: { doc_count: 2 } } },
      },
      terms: { buckets: { affair: { doc_count: 5 } } },
    });
    // The archive's 7 posts by 4 authors: one seen 3 times, one twice, two once.
    const ARCHIVE_REPEATS = [
      { key: 'a', doc_count: 3 },
      { key: 'b', doc_count: 2 },
    ];
    const days = readBuzzAggregation(
      { days: { buckets: [bucket({ buckets: ARCHIVE_REPEATS })] } },
      marrowdeep,
      '2019-07-05',
      '2019-07-05',
    );
    expect(days).toEqual([
      {
        date: '2019-07-05',
        tweets: 9,
        original_tweets: 6,
        retweets: 3,
        unique_authors: 6,
        scored: 8,
        positive: 5,
        neutral: 1,
        negative: 2,
        net_sentiment: 0.375,
        mean_sentiment: 0.1235,
        term_counts: [{ term: 'affair', tweets: 5 }],
        // The live capture's part (a census: every author counted once), and the archive's: the rest.
        bySource: {
          bluesky: { tweets: 2, retweets: 1, authorFrequencies: [0, 2] },
          twitter: { tweets: 7, retweets: 2, authorFrequencies: [0, 2, 1, 1] },
        },
      },
    ]);
    // The day's distinct authors come from its repeat authors, exact, not from the estimate
    // (Elasticsearch's cardinality, which can merge two authors).
    const merged = { ...bucket({ buckets: ARCHIVE_REPEATS }), authors: { value: 5 } };
    const [exact] = readBuzzAggregation({ days: { buckets: [merged] } }, marrowdeep, '2019-07-05', '2019-07-05');
    expect([exact!.unique_authors, exact!.bySource.twitter.authorFrequencies]).toEqual([6, [0, 2, 1, 1]]);
    // As many repeat authors as the search returns: there may be more, their frequencies are not
    // known, and the distinct authors are the estimate's; so when a shard cut its list.
    const truncated = readBuzzAggregation(
      {
        days: {
          buckets: [
            bucket({ buckets: Array.from({ length: REPEAT_AUTHORS_MAX }, (_, i) => ({ key: `${i}`, doc_count: 2 })) }),
          ],
        },
      },
      marrowdeep,
      '2019-07-05',
      '2019-07-05',
    );
    expect(truncated[0]!.bySource.twitter.authorFrequencies).toBeNull();
    expect(truncated[0]!.unique_authors).toBe(6);
    const cutByAShard = {
      ...merged,
      archive: { repeats: { doc_count_error_upper_bound: 1, buckets: ARCHIVE_REPEATS } },
    };
    const [estimated] = readBuzzAggregation(
      { days: { buckets: [cutByAShard] } },
      marrowdeep,
      '2019-07-05',
      '2019-07-05',
    );
    expect(estimated!.unique_authors).toBe(5);
  });

  it('gives every day of the window: those the answer leaves out with no tweets, as when no index exists', () => {
    const zero = (date: string) => ({
      date,
      tweets: 0,
      original_tweets: 0,
      retweets: 0,
      unique_authors: 0,
      ...NO_SENTIMENT,
      term_counts: [
        { term: 'Marrowdeep', tweets: 0 },
        { term: 'affair', tweets: 0 },
        { term: '#MarrowdeepFinale', tweets: 0 },
      ],
      bySource: {
        bluesky: { tweets: 0, retweets: 0, authorFrequencies: [0, 0] },
        twitter: { tweets: 0, retweets: 0, authorFrequencies: [0, 0] },
      },
    });
    const july4 = {
      key_as_string: '2019-07-04',
      doc_count: 2,
      retweets: { doc_count: 0 },
      bluesky: { doc_count: 0, retweets: { doc_count: 0 }, authors: { value: 0 }, repeats: NO_TERMS },
      archive: { repeats: NO_TERMS },
      authors: { value: 2 },
      sentiment: {
        doc_count: 0,
        mean: { value: null },
        labels: { buckets: { positive: { doc_count: 0 }, negative: { doc_count: 0 } } },
      },
      terms: {
        buckets: { marrowdeep: { doc_count: 2 }, affair: { doc_count: 2 }, '#MarrowdeepFinale': { doc_count: 0 } },
      },
    };
    const days = readBuzzAggregation({ days: { buckets: [july4] } }, marrowdeep, '2019-07-03', '2019-07-05');
    expect(days.map((day) => [day.date, day.tweets, day.unique_authors])).toEqual([
      ['2019-07-03', 0, 0],
      ['2019-07-04', 2, 2],
      ['2019-07-05', 0, 0],
    ]);
    expect(days[0]).toEqual(zero('2019-07-03'));
    expect(days[2]).toEqual(zero('2019-07-05'));
    expect(readBuzzAggregation(undefined, marrowdeep, '2019-07-03', '2019-07-04')).toEqual([
      zero('2019-07-03'),
      zero('2019-07-04'),
    ]);
  });

  it('reads the hourly counts back: the total and each source, with how often each source saw its authors', () => {
    // All but one scored, every scored one negative.
    const counts = (tweets: number, authors: number) => ({
      doc_count: tweets,
      retweets: { doc_count: 1 },
      authors: { value: authors },
      sentiment: {
        doc_count: tweets - 1,
        mean: { value: -0.5 },
        labels: { buckets: { positive: { doc_count: 0 }, negative: { doc_count: tweets - 1 } } },
      },
    });
    const negative = (tweets: number) => ({
      scored: tweets - 1,
      positive: 0,
      neutral: 0,
      negative: tweets - 1,
      net_sentiment: -1,
      mean_sentiment: -0.5,
    });
    const rows = readHourlyAggregation({
      hours: {
        buckets: [
          {
            key: Date.parse('2026-11-20T10:00:00Z'),
            ...counts(9, 7),
            sources: {
              buckets: [
                { key: 'twitter', ...counts(5, 4) },
                { key: 'bluesky', ...counts(4, 3) },
              ],
            },
            archive: { repeats: { buckets: [{ doc_count: 2 }] } },
          },
        ],
      },
    });
    const hour = '2026-11-20T10:00:00.000Z';
    expect(rows).toEqual([
      { hour, source: 'all', tweets: 9, original_tweets: 8, retweets: 1, unique_authors: 7, ...negative(9) },
      // The archive's 5 posts by 4 authors, one seen twice; Bluesky's census counts its 3 authors whole.
      {
        hour,
        source: 'twitter',
        tweets: 5,
        original_tweets: 4,
        retweets: 1,
        unique_authors: 4,
        ...negative(5),
        author_frequencies: [0, 3, 1],
      },
      {
        hour,
        source: 'bluesky',
        tweets: 4,
        original_tweets: 3,
        retweets: 1,
        unique_authors: 3,
        ...negative(4),
        author_frequencies: [0, 3],
      },
    ]);
  });
});

describe('local days', () => {
  it('maps a local day to the UTC hours that start in it (DST days have 23 or 25)', () => {
    const la = utcHoursOfLocalDay('2019-07-05', 'America/Los_Angeles');
    expect(la).toHaveLength(24);
    expect(la[0]).toEqual({ day: '2019-07-05', group: '07' });
    expect(la[23]).toEqual({ day: '2019-07-06', group: '06' });
    expect(utcHoursOfLocalDay('2019-11-03', 'America/Los_Angeles')).toHaveLength(25);
    expect(utcHoursOfLocalDay('2019-03-10', 'America/Los_Angeles')).toHaveLength(23);
    expect(utcHoursOfLocalDay('2019-07-01', 'Asia/Tokyo')[0]).toEqual({ day: '2019-06-30', group: '15' });
  });

  it('names the local day of an instant and counts days since launch', () => {
    expect(localDayOf(Date.parse('2019-07-05T03:00:00Z'), 'America/Los_Angeles')).toBe('2019-07-04');
    expect(daysSinceLaunch('2019-06-28', '2019-07-05')).toBe(-7);
    expect(daysSinceLaunch('2019-11-04', '2019-11-01')).toBe(3);
  });
});
