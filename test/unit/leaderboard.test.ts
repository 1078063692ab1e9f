import type { DailyDoc } from '../../domain/buzz-docs';
import { completenessText, leaderboard, leaderboardCsv, parseWindow, type ShowWindow } from '../../domain/leaderboard';
import { launchDay } from '../../simulator/populations';

/** A buzz-daily document of a show's day: `tweets` undefined is a day with nothing ingested. */
function day(showKey: string, offset: number, tweets: number | undefined, complete = true): DailyDoc {
  const base = launchDay(showKey, offset);
  if (tweets === undefined) return { ...base, data_complete: false };
  return {
    ...base,
    data_complete: complete,
    tweets,
    original_tweets: tweets,
    retweets: 0,
    unique_authors: tweets,
    share_of_sample: tweets / 100,
    statuses_in_sample: 100,
    term_counts: [],
  };
}

function show(key: string, tweets: (number | undefined)[], authors: number, partialAt?: number): ShowWindow {
  return {
    show: { show_key: key, show_name: key.toUpperCase(), season: '1', launch_date: '2024-01-10', timezone: 'UTC' },
    days: tweets.map((n, offset) => day(key, offset, n, offset !== partialAt)),
    uniqueAuthors: authors,
  };
}

describe('leaderboard over a window relative to each launch', () => {
  const window = parseWindow('0..2');
  const shows = [
    show('a', [5, 10, 5], 12),
    show('b', [10, 0, 10], 15),
    show('c', [1, 40, 1], 30),
    show('d', [50, undefined, 50], 70), // a day without data: flagged
    show('e', [3, 3, 3], 9, 1), // a partial day: flagged
    show('f', [1, 1], 2), // the window's last day is outside its analysis window: no document
  ];

  it('ranks complete windows by the metric, ties sharing a rank, then lists the flagged ones unranked', () => {
    const rows = leaderboard(shows, window, 'tweets');
    expect(rows.map((r) => [r.rank, r.show_key, r.tweets])).toEqual([
      [1, 'c', 42],
      [2, 'a', 20],
      [2, 'b', 20],
      [null, 'd', 100],
      [null, 'e', 9],
      [null, 'f', 2],
    ]);
  });

  it('sums what the days with data hold, and says how much of the window that is', () => {
    const rows = leaderboard(shows, window, 'peak_tweets');
    const d = rows.find((r) => r.show_key === 'd')!;
    expect(d).toMatchObject({
      complete: false,
      days: 3,
      days_with_data: 2,
      partial_days: 0,
      tweets: 100,
      share_of_sample: 100 / 200,
      unique_authors: 70,
      peak_tweets: 50,
      peak_days_since_launch: 0,
      daily_tweets: [50, null, 50],
    });
    expect(rows.map((r) => [r.rank, r.show_key])).toEqual([
      [1, 'c'],
      [2, 'a'],
      [2, 'b'],
      [null, 'd'],
      [null, 'e'],
      [null, 'f'],
    ]);
    expect(rows.map((r) => completenessText(r))).toEqual([
      '3 of 3',
      '3 of 3',
      '3 of 3',
      '2 of 3 with data',
      '3 of 3 with data, 1 partial',
      '2 of 3 with data',
    ]);
  });

  it('ranks by distinct authors over the window, not a sum of days', () => {
    expect(
      leaderboard(shows, window, 'unique_authors')
        .filter((r) => r.rank !== null)
        .map((r) => r.show_key),
    ).toEqual(['c', 'b', 'a']);
  });

  it('has no values and no ranks for a window outside every show’s data', () => {
    const rows = leaderboard(shows, parseWindow('30..36'), 'tweets');
    expect(rows.every((r) => r.rank === null && r.tweets === null && r.unique_authors === null)).toBe(true);
    expect(rows[0]!.daily_tweets).toEqual([null, null, null, null, null, null, null]);
  });

  it('writes CSV with empty cells where there is no value', () => {
    const csv = leaderboardCsv(leaderboard([show('x', [undefined, undefined, undefined], 0)], window, 'tweets'));
    expect(csv.trim().split('\n')).toEqual([
      'rank,rank_text,same_as,p_value_next,show_key,show_name,season,launch_date,timezone,window,days,days_with_data,partial_days,complete,tweets,share_of_sample,unique_authors,peak_tweets,peak_days_since_launch,est_tweets,est_tweets_low,est_tweets_high,sampled_tweets,pageviews,pageviews_days_with_data,pageviews_partial_days,pageviews_complete,scored,positive,negative,net_sentiment,net_sentiment_low,net_sentiment_high,owned,flood,burst,organic_tweets,est_organic_tweets,est_organic_tweets_low,est_organic_tweets_high',
      ',,,,x,X,1,2024-01-10,UTC,0..2,3,0,0,false,,,,,,,,,,,0,0,false,,,,,,,,,,,,,',
    ]);
  });

  it('ranks by pageviews the windows with every day of them, tweets or not; ties share a rank', () => {
    const viewed = (key: string, views: (number | undefined)[], partialAt?: number): ShowWindow => ({
      ...show(
        key,
        views.map(() => undefined),
        0,
      ),
      days: views.map((n, offset) => ({
        ...day(key, offset, undefined),
        ...(n === undefined
          ? { pageviews_coverage: 'none' as const }
          : { pageviews: n, pageviews_coverage: offset === partialAt ? ('partial' as const) : ('complete' as const) }),
      })),
    });
    const rows = leaderboard(
      [
        viewed('p', [10, 20, 30]),
        viewed('q', [100, 0, 5]),
        viewed('r', [20, 20, 20]),
        viewed('s', [500, undefined, 1]),
        viewed('t', [9, 9, 9], 0),
        show('u', [1, 1, 1], 3),
      ],
      window,
      'pageviews',
    );
    expect(
      rows.map((r) => [r.rank, r.show_key, r.pageviews, r.pageviews_days_with_data, r.pageviews_complete, r.tweets]),
    ).toEqual([
      [1, 'q', 105, 3, true, null],
      [2, 'p', 60, 3, true, null],
      [2, 'r', 60, 3, true, null],
      [null, 's', 501, 2, false, null],
      [null, 't', 27, 3, false, null],
      [null, 'u', null, 0, false, 3],
    ]);
    expect(rows[0]!.daily_pageviews).toEqual([100, 0, 5]);
    expect(rows[3]!.daily_pageviews).toEqual([500, null, 1]);
  });

  it.each([
    ['6..0', 'window "6..0": FROM is after TO'],
    ['0-6', 'window "0-6": days since launch as FROM..TO, e.g. 0..6 or -7..-1'],
    ['0..400', 'window "0..400": at most 366 days'],
  ])('refuses the window %s, saying why', (text, message) => {
    expect(() => parseWindow(text)).toThrow(message);
  });

  it('ranks by net sentiment the complete windows with 30 scored posts, and does not separate what noise cannot', () => {
    /** Each day's scored posts: [scored, positive, negative]. */
    const felt = (key: string, days: [number, number, number][]): ShowWindow => {
      const base = show(key, [20, 20, 20], 30);
      return {
        ...base,
        days: base.days.map((d, i) => {
          const [scored, positive, negative] = days[i]!;
          return { ...d, scored, positive, negative, neutral: scored - positive - negative } as DailyDoc;
        }),
      };
    };
    const rows = leaderboard(
      [
        felt('p', [
          [20, 14, 2],
          [20, 14, 2],
          [20, 14, 2],
        ]), // 60 scored: (42 − 6) ÷ 60 = 0.6
        felt('q', [
          [20, 13, 2],
          [20, 13, 2],
          [20, 13, 2],
        ]), // (39 − 6) ÷ 60 = 0.55: within noise of p
        felt('r', [
          [20, 4, 10],
          [20, 4, 10],
          [20, 4, 10],
        ]), // (12 − 30) ÷ 60 = −0.3
        felt('s', [
          [6, 5, 0],
          [6, 5, 0],
          [6, 5, 0],
        ]), // 18 scored: too few to rank
        show('t', [20, 20, 20], 30), // computed before sentiment: none scored
      ],
      window,
      'net_sentiment',
    );
    expect(rows.map((r) => [r.show_key, r.rank, r.rank_text, r.same_as, r.scored, r.net_sentiment])).toEqual([
      ['p', 1, '1', null, 60, 0.6],
      ['q', 1, '≈1', 'p', 60, 0.55],
      ['r', 3, '3', null, 60, -0.3],
      ['s', null, '', null, 18, 0.8333],
      ['t', null, '', null, 0, null],
    ]);
    // p: per post variance 0.7 + 0.1 − 0.6² = 0.44; half width 1.959964 × √(0.44 ÷ 60) = 0.1678.
    expect([rows[0]!.net_sentiment_low, rows[0]!.net_sentiment_high]).toEqual([0.4322, 0.7678]);
    expect(rows[1]!.p_value_next).toBeLessThan(0.05);
    expect(rows[0]!.p_value_next).toBeGreaterThan(0.05);
  });

  it('reads windows before launch', () => {
    expect(parseWindow('-7..-1')).toEqual({ from: -7, to: -1 });
  });
});
