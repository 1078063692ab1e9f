import { estimateAuthors } from '../../domain/author-estimates';
import {
  HEAVY_ACTIVITY,
  LIGHT_ACTIVITY,
  sampleShowDay,
  showDayPosts,
  type Activity,
} from '../../simulator/populations';
import { Random } from '../../simulator/random';

/* Distinct authors from the authors a 1% sample saw: Chao–Lin lower and Good–Turing upper bounds. */

const BOUNDS_ONLY =
  'bounds only: a 1% sample sees too few authors more than once to tell authors of one post from authors of many';

describe('estimateAuthors on hand-computed cases', () => {
  it('counts a census exactly', () => {
    expect(estimateAuthors([0, 5, 2], 1)).toEqual({ est: 7, low: 7, high: 7, pinned: true, reason: null });
  });

  it('bounds a day with no sampled post by the posts there could have been (Garwood: 0 to 369)', () => {
    expect(estimateAuthors([0], 0.01)).toEqual({
      est: 0,
      low: 0,
      high: 369,
      pinned: false,
      reason: 'no sampled post: bounded by the posts there could have been',
    });
  });

  it('with nobody seen twice credits each unseen author with one post, and bounds only', () => {
    // est 10 + 10²/(10/99) = 1000; low 10 + 4.25²/(2·4.38 + 4.25/99) = 12.05 (f1 = 10's 1.25% lower
    // limit, f2 = 0's 1.25% upper limit); high 10 + 99·19.73 = 1963.3 (f1's 1.25% upper
    // limit), under the posts' 1973.
    expect(estimateAuthors([0, 10], 0.01)).toEqual({
      est: 1000,
      low: 12,
      high: 1964,
      pinned: false,
      reason: BOUNDS_ONLY,
    });
  });

  it('with authors seen twice and more, takes their repeats as evidence of fewer authors', () => {
    // est 23 + 20²/(2·2 + 20/99) = 118.2; low 23 + 11.3²/(2·8.1 + 11.3/99) = 30.8; high 23 + 99·32.58 (under the posts' 3996).
    expect(estimateAuthors([0, 20, 2, 1], 0.01)).toEqual({
      est: 118,
      low: 30,
      high: 3249,
      pinned: false,
      reason: BOUNDS_ONLY,
    });
  });

  it('with nobody seen once keeps the authors seen, up to the posts there could have been', () => {
    expect(estimateAuthors([0, 0, 0, 4], 0.01)).toEqual({
      est: 4,
      low: 4,
      // 4 + 99 × 4.382, the 1.25% upper limit of none seen once.
      high: 438,
      pinned: false,
      reason: BOUNDS_ONLY,
    });
  });
});

interface Figures {
  contained: number;
  boundsOnly: number;
  medianError: number;
  medianWidth: number;
}

/**
 * 500 show-days of a few hundred to tens of thousands of posts, written by authors of `activity`
 * posts each, every post kept by the sample's millisecond rule; days with fewer than 10 sampled
 * posts are left out, as the posts' simulation leaves them.
 */
function simulate(seed: number, activity: Activity): Figures {
  const random = new Random(seed);
  const errors: number[] = [];
  const widths: number[] = [];
  let contained = 0;
  let boundsOnly = 0;
  while (errors.length < 500) {
    const { authors, sampled, frequencies } = sampleShowDay(random, showDayPosts(random), activity);
    if (sampled < 10) continue;
    const { est, low, high, pinned } = estimateAuthors(frequencies, 0.01);
    if (low <= authors && authors <= high) contained++;
    if (!pinned) boundsOnly++;
    errors.push(Math.abs(est - authors) / authors);
    widths.push((high - low) / authors);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length / 2]!;
  return {
    contained: contained / 500,
    boundsOnly: boundsOnly / 500,
    medianError: median(errors),
    medianWidth: median(widths),
  };
}

describe('estimateAuthors on 500 simulated show-days sampled at 1%', () => {
  it('bounds the true authors on at least 98% of days when authors post 1 + Poisson(0.5) times', () => {
    const figures = simulate(31, LIGHT_ACTIVITY);
    expect(figures.boundsOnly).toBe(1);
    expect(figures.contained).toBeGreaterThanOrEqual(0.98);
    expect(figures.medianError).toBeLessThan(0.6);
    expect(figures.medianWidth).toBeLessThan(2.5);
  });

  it('bounds the true authors on at least 98% of days when activity is a power law (exponent 2.2)', () => {
    const figures = simulate(37, HEAVY_ACTIVITY);
    expect(figures.boundsOnly).toBe(1);
    expect(figures.contained).toBeGreaterThanOrEqual(0.98);
    expect(figures.medianError).toBeLessThan(0.9);
    expect(figures.medianWidth).toBeLessThan(3.5);
  });
});
