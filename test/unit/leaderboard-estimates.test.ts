import type { DailyDoc } from '../../domain/buzz-docs';
import { differencePValue } from '../../domain/compare-counts';
import { leaderboard, parseWindow } from '../../domain/leaderboard';
import { kendallTau, launchWeek, sampledLaunchWeek } from '../../simulator/populations';
import { Random } from '../../simulator/random';

/*
 * Honest rankings: shows ranked by the estimated whole population's tweets, and a show that the
 * test of their difference cannot tell from the one above it at 95% shares its rank (≈).
 */

const week = parseWindow('0..6');

describe('differencePValue', () => {
  it('tests two samples conditionally on their total (binomial), not by overlapping intervals', () => {
    // 19 against 11: their 95% intervals overlap, yet the difference is all but significant.
    expect(differencePValue({ sampled: 19, census: 0 }, { sampled: 11, census: 0 }, 0.01).toFixed(3)).toBe('0.200');
    expect(differencePValue({ sampled: 42, census: 0 }, { sampled: 20, census: 0 }, 0.01)).toBeLessThan(0.01);
    expect(differencePValue({ sampled: 0, census: 0 }, { sampled: 0, census: 0 }, 0.01)).toBe(1);
  });

  it('tells censuses apart exactly, and tests a sample against a census by the rate', () => {
    const census = (n: number) => ({ sampled: null, census: n });
    expect(differencePValue(census(7), census(7), 0.01)).toBe(1);
    expect(differencePValue(census(8), census(7), 0.01)).toBe(0);
    // 1,000 posts counted whole against 10 sampled at 1% (1,000 expected): alike.
    expect(differencePValue(census(1000), { sampled: 10, census: 0 }, 0.01)).toBeGreaterThan(0.5);
    expect(differencePValue(census(1000), { sampled: 30, census: 0 }, 0.01)).toBeLessThan(0.001);
    // A sample that saw nothing is a sample, not a census of 0: 50 posts would give it 0.5 expected.
    expect(differencePValue({ sampled: 0, census: 0 }, census(50), 0.01)).toBe(1);
  });

  it('tests windows that mix a sample and a census on the sampled difference beyond the censuses', () => {
    // (5 − 10 − 0.01 × (0 − 9)) / √15 = −1.268: p = 0.205.
    expect(differencePValue({ sampled: 5, census: 9 }, { sampled: 10, census: 0 }, 0.01).toFixed(3)).toBe('0.205');
    // 30 posts more counted whole on one side are 0.3 sampled posts: 14 and 13 stay alike.
    expect(differencePValue({ sampled: 14, census: 1 }, { sampled: 13, census: 31 }, 0.01)).toBeGreaterThan(0.5);
    expect(differencePValue({ sampled: 60, census: 1 }, { sampled: 20, census: 1 }, 0.01)).toBeLessThan(0.001);
  });
});

describe('leaderboard by estimated tweets', () => {
  it('ranks by the estimate with its interval, ≈ where noise cannot tell two shows apart', () => {
    const rows = leaderboard(
      [
        launchWeek('c', [6, 6, 6, 6, 6, 6, 6]),
        launchWeek('a', [3, 3, 3, 3, 3, 3, 2]),
        launchWeek('q', [3, 3, 2, 2, 2, 2, 2]),
      ],
      week,
      'tweets',
    );
    expect(rows.map((r) => [r.rank_text, r.show_key, r.tweets, r.est_tweets, r.same_as])).toEqual([
      ['1', 'c', 42, 4200, null],
      ['2', 'a', 20, 2000, null],
      ['≈2', 'q', 16, 1600, 'a'],
    ]);
    expect(rows[0]).toMatchObject({ rank: 1, est_tweets_low: 3026, est_tweets_high: 5678 });
    expect(rows[1]!.p_value_next!.toFixed(3)).toBe('0.618');
    expect(rows[0]!.p_value_next!).toBeLessThan(0.05);
    expect(rows[2]!.p_value_next).toBeNull();
  });

  it('puts a Bluesky census and a 1% sample on one scale: the estimate', () => {
    const rows = leaderboard(
      [launchWeek('s', [3, 3, 3, 3, 3, 3, 3]), launchWeek('b', [100, 100, 100, 100, 100, 100, 100], 1)],
      week,
      'tweets',
    );
    // 700 posts counted whole against 21 sampled at 1% (2,100 expected): told apart.
    expect(rows.map((r) => [r.rank_text, r.show_key, r.est_tweets, r.sampled_tweets])).toEqual([
      ['1', 's', 2100, 21],
      ['2', 'b', 700, 0],
    ]);
  });

  it('does not tell apart windows that mix a sample and a census unless their difference is significant', () => {
    // 14 and 13 tweets of the 1% sample, and one Bluesky post each on launch day.
    const withCensus = (key: string, perDay: number[]) => {
      const window = launchWeek(key, perDay);
      window.days[0] = { ...window.days[0]!, tweets: window.days[0]!.tweets! + 1 } as DailyDoc;
      return window;
    };
    const rows = leaderboard(
      [withCensus('a', [2, 2, 2, 2, 2, 2, 2]), withCensus('b', [1, 2, 2, 2, 2, 2, 2])],
      week,
      'tweets',
    );
    expect(rows.map((r) => [r.rank_text, r.show_key, r.est_tweets, r.sampled_tweets, r.same_as])).toEqual([
      ['1', 'a', 1401, 14, null],
      ['≈1', 'b', 1301, 13, 'a'],
    ]);
  });

  it('ranks by est_tweets only the windows that have an estimate', () => {
    const noEstimate = launchWeek('z', [9, 9, 9, 9, 9, 9, 9]);
    noEstimate.days[3] = { ...noEstimate.days[3]!, sample_rate: null, no_estimate: 'not the 1% sample' } as DailyDoc;
    const rows = leaderboard([launchWeek('a', [3, 3, 3, 3, 3, 3, 3]), noEstimate], week, 'est_tweets');
    expect(rows.map((r) => [r.rank_text, r.show_key, r.est_tweets])).toEqual([
      ['1', 'a', 2100],
      ['', 'z', null],
    ]);
  });

  describe('by organic tweets', () => {
    /**
     * A launch week whose days each hold `tweets` matching posts, of which `owned`, `flood` and
     * `burst` were set apart (domain/organic.ts); the rest organic.
     */
    const organicWeek = (key: string, days: [number, number, number, number][], rate = 0.01) => {
      const window = launchWeek(
        key,
        days.map(([tweets]) => tweets),
        rate,
      );
      window.days = window.days.map((doc, i) => {
        const [tweets, owned, flood, burst] = days[i]!;
        const organic = tweets - owned - flood - burst;
        return {
          ...doc,
          owned,
          flood,
          burst,
          organic_tweets: organic,
          organic_unique_authors: organic,
          sampled_organic_tweets: rate < 1 ? organic : 0,
        } as DailyDoc;
      });
      return window;
    };
    const seven = (day: [number, number, number, number]) => Array.from({ length: 7 }, () => day);
    const shows = () => [
      organicWeek('flooded', seven([60, 1, 55, 2])), // 420 tweets, 14 organic
      organicWeek('loved', seven([20, 0, 1, 1])), // 126 organic
      organicWeek('liked', seven([19, 1, 1, 0])), // 119 organic
      organicWeek('counted', seven([160, 10, 20, 0]), 1), // a census: 910 organic
    ];

    it('ranks the audience, not the promotion: the estimate of organic tweets, ≈ where noise cannot tell', () => {
      expect(leaderboard(shows(), week, 'tweets').map((r) => r.show_key)).toEqual([
        'flooded',
        'loved',
        'liked',
        'counted',
      ]);
      const rows = leaderboard(shows(), week, 'organic_tweets');
      expect(
        rows.map((r) => [r.rank_text, r.show_key, r.organic_tweets, r.est_organic_tweets, r.owned, r.flood, r.burst]),
      ).toEqual([
        ['1', 'loved', 126, 12600, 0, 7, 7],
        ['≈1', 'liked', 119, 11900, 7, 7, 0],
        ['3', 'flooded', 14, 1400, 7, 385, 14],
        ['≈3', 'counted', 910, 910, 70, 140, 0],
      ]);
      // The same interval as 126 sampled tweets would have, and a census's none.
      const asTweets = leaderboard(
        [
          launchWeek(
            't',
            Array.from({ length: 7 }, () => 18),
          ),
        ],
        week,
        'tweets',
      )[0]!;
      expect([rows[0]!.est_organic_tweets_low, rows[0]!.est_organic_tweets_high]).toEqual([
        asTweets.est_tweets_low,
        asTweets.est_tweets_high,
      ]);
      expect([rows[3]!.est_organic_tweets_low, rows[3]!.est_organic_tweets_high]).toEqual([910, 910]);
      // 14 sampled against 910 counted whole (9.1 expected at 1%): P(X ≥ 14) is 0.079, twice that 0.158.
      expect(rows[2]!.p_value_next!.toFixed(3)).toBe('0.158');
      expect(rows[3]!.same_as).toBe('flooded');
    });

    it('leaves unranked a window with a day computed before organic counts existed', () => {
      const old = organicWeek('old', seven([30, 0, 0, 0]));
      const {
        owned: _o,
        flood: _f,
        burst: _b,
        organic_tweets: _t,
        organic_unique_authors: _a,
        ...before
      } = old.days[2]!;
      old.days[2] = { ...before, sampled_organic_tweets: undefined } as DailyDoc;
      // Organic counts without their sampled part (computed before it was stored): not comparable either.
      const unsplit = organicWeek('unsplit', seven([40, 0, 0, 0]));
      unsplit.days[4] = { ...unsplit.days[4]!, sampled_organic_tweets: undefined } as DailyDoc;
      const rows = leaderboard([old, unsplit, organicWeek('new', seven([2, 0, 0, 0]))], week, 'organic_tweets');
      expect(rows.map((r) => [r.rank_text, r.show_key, r.organic_tweets, r.est_organic_tweets])).toEqual([
        ['1', 'new', 14, 1400],
        ['', 'old', null, null],
        ['', 'unsplit', null, null],
      ]);
    });
  });

  describe('against the truth, by simulation', () => {
    // 20 shows whose launch weeks had a few thousand to a few tens of thousands of tweets.
    const random = new Random(33);
    const truths = Array.from({ length: 20 }, (_, i) => Math.round(2_000 * Math.exp(0.18 * i + 0.1 * random.next())));
    const trials = Array.from({ length: 40 }, () =>
      leaderboard(
        truths.map((total, i) => launchWeek(`s${String(i).padStart(2, '0')}`, sampledLaunchWeek(random, total))),
        week,
        'tweets',
      ),
    );
    const truthOf = (key: string) => truths[Number(key.slice(1))]!;

    it('orders 20 shows close to their true order (Kendall τ ≥ 0.8 in every trial)', () => {
      for (const rows of trials)
        expect(
          kendallTau(
            rows.map((row) => row.show_key),
            truthOf,
          ),
        ).toBeGreaterThanOrEqual(0.8);
    });

    it('puts the shows it tells apart in their true order at least 95% of the time', () => {
      let told = 0;
      let right = 0;
      for (const rows of trials)
        for (let i = 0; i + 1 < rows.length; i++) {
          if (rows[i + 1]!.same_as !== null || rows[i + 1]!.rank === rows[i]!.rank) continue;
          told++;
          if (truthOf(rows[i]!.show_key) > truthOf(rows[i + 1]!.show_key)) right++;
        }
      expect(told).toBeGreaterThan(100);
      expect(right / told).toBeGreaterThanOrEqual(0.95);
    });
  });
});
