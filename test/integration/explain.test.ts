import { explainDay } from '../../services/explain';
import { NOTHING_STANDS_OUT } from '../../domain/explain';
import { indexNames } from '../../domain/index-names';
import { parseSheetRows, type ShowConfig } from '../../domain/show-config';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { SPIKE, seedSpikeDay, strongestSeeded } from '../support/spike-day';
import type { TweetDoc } from '../../domain/tweet';

const DATE = '2019-07-10';

/** "Why did this day spike" on real Elasticsearch (significant_text, significant_terms) over a planted spike. */
describe('explain a show’s day (real Elasticsearch)', () => {
  let env: BuzzTestEnv;
  let show: ShowConfig;
  let seeded: TweetDoc[];

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    seeded = await seedSpikeDay(env.es, indexNames(env.config.elasticsearch.indexPrefix), DATE);
    show = parseSheetRows(
      [{ show_name: 'Zephyrine Hollow', season: '2', launch_date: DATE, mandatory_search_terms: 'Zephyrine Hollow' }],
      ['show_name', 'season', 'launch_date', 'mandatory_search_terms'],
    ).shows[0]!;
  });

  afterAll(() => env?.close());

  const explain = (config: ShowConfig, date = DATE) => explainDay(env.repos, config, date);

  it('finds the planted word and hashtag first, with their exact counts, and never the show’s own words', async () => {
    const result = await explain(show);
    const matching =
      SPIKE.matchingOriginals + SPIKE.retweeted.reduce((sum, r) => sum + r.retweets, 0) + SPIKE.deletedRetweets;
    expect([result.tweets, result.sample]).toEqual([matching, matching + SPIKE.background]);
    expect(
      result.terms.slice(0, 2).map(({ term, tweets, sample_tweets }) => ({ term, tweets, sample_tweets })),
    ).toEqual(Object.entries(SPIKE.terms).map(([term, counts]) => ({ term, ...counts })));
    expect(result.hashtags.map(({ term, tweets, sample_tweets }) => ({ term, tweets, sample_tweets }))).toEqual(
      Object.entries(SPIKE.hashtags).map(([term, counts]) => ({ term, ...counts })),
    );
    expect(result.terms.map((t) => t.term)).not.toEqual(expect.arrayContaining(['zephyrine']));
    expect(result.terms.map((t) => t.term)).not.toEqual(expect.arrayContaining(['hollow']));
  });

  it('lists the most retweeted originals the index holds, and only counts the retweets of a deleted one', async () => {
    const result = await explain(show);
    expect(
      result.top_retweeted.map(({ id, retweets, user_screen_name }) => ({ id, retweets, user_screen_name })),
    ).toEqual(SPIKE.retweeted.map((r) => ({ ...r, user_screen_name: `user_${r.id}` })));
    expect(result.top_retweeted[0]!.text).toMatch(/^Zephyrine Hollow m80x m80y m80z /);
    expect(result.retweets_of_unavailable).toBe(SPIKE.deletedRetweets);
  });

  it('lists the most positive and most negative matching originals, strongest first, ties by id', async () => {
    const result = await explain(show);
    const strongest = (label: 'positive' | 'negative') =>
      strongestSeeded(seeded, label).map(({ id, sentiment }) => ({ id, sentiment }));
    expect(strongest('positive')).toHaveLength(5);
    expect(strongest('negative')).toHaveLength(5);
    expect(result.most_positive.map(({ id, sentiment }) => ({ id, sentiment }))).toEqual(strongest('positive'));
    expect(result.most_negative.map(({ id, sentiment }) => ({ id, sentiment }))).toEqual(strongest('negative'));
    const first = strongestSeeded(seeded, 'positive')[0]!;
    expect(result.most_positive[0]).toEqual({
      id: first.id,
      text: first.text,
      user_screen_name: first.user_screen_name,
      created_at: first.created_at,
      sentiment: first.sentiment,
    });
  });

  it('has nothing to explain on a day without tweets, or for a show nothing matches', async () => {
    expect(await explain(show, '2019-07-11')).toEqual({
      show_key: 'zephyrine-hollow:2',
      date: '2019-07-11',
      tweets: 0,
      sample: 0,
      ...NOTHING_STANDS_OUT,
      floods: [],
      owned: 0,
      owned_posts: [],
    });
    const other = {
      ...show,
      show_key: 'glimmer-tide:1',
      mandatory: [{ text: 'Glimmer Tide', kind: 'phrase' as const, norm: 'glimmer tide' }],
    };
    expect(await explain(other)).toMatchObject({ tweets: 0, sample: SPIKE.background + 150, terms: [], hashtags: [] });
  });
});
