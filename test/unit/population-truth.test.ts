import { SampleGenerator, sampleDays, type ShowDayTruth } from '../../simulator/generator';
import { estimatePopulation } from '../../domain/estimates';
import { estimateAuthors } from '../../domain/author-estimates';
import { SAMPLE_RATE } from '../../domain/sample-check';

/** Every day of `days`, every hour: few lines a minute, since the planted tweets do not depend on them. */
function generate(options: { seed: number; population?: boolean }, from: string, days: number, hours?: number[]) {
  const generator = new SampleGenerator({ ...options, linesPerMinute: 4, hours });
  const members = sampleDays(from, days).flatMap((day) => [...generator.day(day)].map((member) => member.content));
  return { members, buzz: generator.buzzTruth() };
}

describe('SampleGenerator population truth', () => {
  // Ten days around the sample shows' launches: about 30 show-days with 10 or more sampled tweets.
  const { buzz } = generate({ seed: 21, population: true }, '2019-06-28', 10);
  const showDays: ShowDayTruth[] = Object.values(buzz).flatMap((byDay) => Object.values(byDay));
  const counted = showDays.filter((day) => day.tweets >= 10);

  it("stands each show-day's kept tweets for a population about 100 times larger, of the same kinds", () => {
    let kept = 0;
    let population = 0;
    for (const day of showDays) {
      const whole = day.population!;
      expect(whole.original_tweets + whole.retweets).toBe(whole.tweets);
      expect(whole.original_tweets).toBeGreaterThanOrEqual(day.original_tweets);
      expect(whole.retweets).toBeGreaterThanOrEqual(day.retweets);
      expect(whole.unique_authors).toBeGreaterThanOrEqual(day.unique_authors);
      expect(whole.unique_authors).toBeLessThanOrEqual(whole.tweets);
      kept += day.tweets;
      population += whole.tweets;
    }
    // Thousands of kept tweets, each standing for 1 / p on average: the ratio within a few percent.
    expect(kept).toBeGreaterThan(3000);
    expect(population / kept).toBeGreaterThan(0.95 / SAMPLE_RATE);
    expect(population / kept).toBeLessThan(1.05 / SAMPLE_RATE);
  });

  it('holds the population within the 95% interval of est_tweets on about 95% of show-days, and within the author bounds on all', () => {
    expect(counted.length).toBeGreaterThanOrEqual(30);
    const tweetsCovered = counted.filter((day) => {
      const estimate = estimatePopulation([{ n: day.tweets, rate: SAMPLE_RATE }]);
      return estimate.low <= day.population!.tweets && day.population!.tweets <= estimate.high;
    });
    const authorsCovered = counted.filter((day) => {
      const estimate = estimateAuthors(day.author_frequencies!, SAMPLE_RATE);
      return estimate.low <= day.population!.unique_authors && day.population!.unique_authors <= estimate.high;
    });
    // 95% intervals over 30 or more show-days: below 90% in fewer than one run in twenty.
    expect(tweetsCovered.length / counted.length).toBeGreaterThanOrEqual(0.9);
    expect(authorsCovered).toHaveLength(counted.length);
  });

  it('writes the same archive, and the same kept truth, with or without the population', () => {
    const without = generate({ seed: 5 }, '2019-07-03', 1, [10, 11]);
    const withPopulation = generate({ seed: 5, population: true }, '2019-07-03', 1, [10, 11]);
    expect(withPopulation.members).toEqual(without.members);
    const zephyrine = withPopulation.buzz['zephyrine-hollow:2']!['2019-07-03']!;
    expect(zephyrine.population!.tweets).toBeGreaterThan(zephyrine.tweets);
    expect({ ...zephyrine, population: undefined }).toEqual(without.buzz['zephyrine-hollow:2']!['2019-07-03']);
  });
});
