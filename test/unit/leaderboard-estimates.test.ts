import type { DailyDoc } from '../../domain/buzz-docs';
import { differencePValue } from '../../domain/compare-counts';
import { leaderboard, parseWindow, type ShowWindow } from '../../domain/leaderboard';
import { Random } from '../../simulator/random';

/*
 * Honest rankings: shows ranked by the estimated whole population's tweets, and a show that the
 * test of their difference cannot tell from the one above it at 95% shares its rank (≈).
 */

/** A launch-week day of the Twitter archive's 1% sample (`rate` 0.01) or of a Bluesky census (`rate` 1). */
function day(showKey: string, offset: number, tweets: number, rate: number): DailyDoc {
  return {
    show_key: showKey,
    show_name: showKey,
    season: '1',
    studio_or_network: '',
    timezone: 'UTC',
    match_mode: 'exact',
    date: `2024-01-${String(10 + offset).padStart(2, '0')}`,
    launch_date: '2024-01-10',
    days_since_launch: offset,
    computed_at: '2024-02-01T00:00:00Z',
    data_complete: true,
    tweets,
    original_tweets: tweets,
    retweets: 0,
    unique_authors: tweets,
    share_of_sample: tweets / 1000,
    statuses_in_sample: 1000,
    term_counts: [],
    sample_rate: rate,
    sampled_tweets: rate < 1 ? tweets : 0,
    no_estimate: null,
  };
}

const show = (key: string, perDay: number[], rate = 0.01): ShowWindow => ({
  show: { show_key: key, show_name: key.toUpperCase(), season: '1', launch_date: '2024-01-10', timezone: 'UTC' },
  days: perDay.map((n, offset) => day(key, offset, n, rate)),
  uniqueAuthors: 0,
});
const week = parseWindow('0..6');

describe('differencePValue', () => {
  it('tests two samples conditionally on their total (binomial), not by overlapping intervals', () => {
    // 19 against 11: their 95% intervals overlap, yet the difference is all but significant.
    expect(differencePValue({ sampled: 19, census: 0 }, { sampled: 11, census: 0 }, 0.01)!.toFixed(3)).toBe('0.200');
    expect(differencePValue({ sampled: 42, census: 0 }, { sampled: 20, census: 0 }, 0.01)!).toBeLessThan(0.01);
    expect(differencePValue({ sampled: 0, census: 0 }, { sampled: 0, census: 0 }, 0.01)).toBe(1);
  });

  it('tells censuses apart exactly, and tests a sample against a census by the rate', () => {
    expect(differencePValue({ sampled: 0, census: 7 }, { sampled: 0, census: 7 }, 0.01)).toBe(1);
    expect(differencePValue({ sampled: 0, census: 8 }, { sampled: 0, census: 7 }, 0.01)).toBe(0);
    // 1,000 posts counted whole against 10 sampled at 1% (1,000 expected): alike.
    expect(differencePValue({ sampled: 0, census: 1000 }, { sampled: 10, census: 0 }, 0.01)!).toBeGreaterThan(0.5);
    expect(differencePValue({ sampled: 0, census: 1000 }, { sampled: 30, census: 0 }, 0.01)!).toBeLessThan(0.001);
    expect(differencePValue({ sampled: 5, census: 9 }, { sampled: 10, census: 0 }, 0.01)).toBeUndefined();
  });
});

describe('leaderboard by estimated tweets', () => {
  it('ranks by the estimate with its interval, ≈ where noise cannot tell two shows apart', () => {
    const rows = leaderboard(
      [show('c', [6, 6, 6, 6, 6, 6, 6]), show('a', [3, 3, 3, 3, 3, 3, 2]), show('q', [3, 3, 2, 2, 2, 2, 2])],
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
      [show('s', [3, 3, 3, 3, 3, 3, 3]), show('b', [100, 100, 100, 100, 100, 100, 100], 1)],
      week,
      'tweets',
    );
    expect(rows.map((r) => [r.rank_text, r.show_key, r.est_tweets, r.sampled_tweets])).toEqual(
      [
        ['1', 's', 2100, 21],
        ['≈1', 'b', 700, 0],
      ].map((row, i) => (i === 1 ? ['2', 'b', 700, 0] : row)),
    );
  });

  describe('against the truth, by simulation', () => {
    // 20 shows whose launch weeks had a few thousand to a few tens of thousands of tweets.
    const random = new Random(33);
    const truths = Array.from({ length: 20 }, (_, i) => Math.round(2_000 * Math.exp(0.18 * i + 0.1 * random.next())));
    const sampleWeek = (total: number) => {
      const perDay = Array.from({ length: 7 }, () => 0);
      for (let post = 0; post < total; post++) if (random.next() < 0.01) perDay[random.int(7)]!++;
      return perDay;
    };
    const trials = Array.from({ length: 40 }, () =>
      leaderboard(
        truths.map((total, i) => show(`s${String(i).padStart(2, '0')}`, sampleWeek(total))),
        week,
        'tweets',
      ),
    );
    const truthOf = (key: string) => truths[Number(key.slice(1))]!;

    it('orders 20 shows close to their true order (Kendall τ ≥ 0.8 in every trial)', () => {
      for (const rows of trials) {
        let concordant = 0;
        let pairs = 0;
        for (let i = 0; i < rows.length; i++)
          for (let j = i + 1; j < rows.length; j++) {
            pairs++;
            concordant += truthOf(rows[i]!.show_key) >= truthOf(rows[j]!.show_key) ? 1 : -1;
          }
        expect(concordant / pairs).toBeGreaterThanOrEqual(0.8);
      }
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
