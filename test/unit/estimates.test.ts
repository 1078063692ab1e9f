import { estimatePopulation, poissonInterval } from '../../domain/estimates';
import { keptByRule, showDayPosts } from '../../simulator/populations';
import { Random } from '../../simulator/random';

/* Estimates of the whole population's posts from the 1% sample, with exact 95% intervals. */

describe('poissonInterval', () => {
  it('is the exact (Garwood) interval: 0 observed gives 0 to 3.689, 10 gives 4.795 to 18.390', () => {
    const zero = poissonInterval(0);
    expect([zero.low, zero.high.toFixed(3)]).toEqual([0, '3.689']);
    const ten = poissonInterval(10);
    expect([ten.low.toFixed(3), ten.high.toFixed(3)]).toEqual(['4.795', '18.390']);
  });
});

describe('estimatePopulation', () => {
  it('scales a sampled count by 1/p, its interval too, widened to whole posts', () => {
    expect(estimatePopulation([{ n: 10, rate: 0.01 }])).toEqual({ est: 1000, low: 479, high: 1840 });
    expect(estimatePopulation([{ n: 0, rate: 0.01 }])).toEqual({ est: 0, low: 0, high: 369 });
  });

  it('adds a census exactly, and pools days sampled at one rate into one count', () => {
    expect(estimatePopulation([{ n: 7, rate: 1 }])).toEqual({ est: 7, low: 7, high: 7 });
    expect(
      estimatePopulation([
        { n: 10, rate: 0.01 },
        { n: 7, rate: 1 },
      ]),
    ).toEqual({ est: 1007, low: 486, high: 1847 });
    // Two days of 5 are one count of 10: narrower than two intervals of 5 added.
    expect(
      estimatePopulation([
        { n: 5, rate: 0.01 },
        { n: 5, rate: 0.01 },
      ]),
    ).toEqual({ est: 1000, low: 479, high: 1840 });
  });

  it('covers the true count in 93–97% of 1,000 simulated show-days sampled at 1%', () => {
    const random = new Random(29);
    // Show-days of a few hundred to tens of thousands of tweets (log-normal), each tweet kept with
    // probability 0.01 as the sample stream's millisecond rule keeps it.
    let days = 0;
    let covered = 0;
    while (days < 1000) {
      const population = showDayPosts(random);
      let sampled = 0;
      for (let i = 0; i < population; i++) if (keptByRule(random)) sampled++;
      if (sampled < 10) continue;
      days++;
      const { low, high } = estimatePopulation([{ n: sampled, rate: 0.01 }]);
      if (low <= population && population <= high) covered++;
    }
    expect(covered / days).toBeGreaterThanOrEqual(0.93);
    expect(covered / days).toBeLessThanOrEqual(0.97);
  });
});
