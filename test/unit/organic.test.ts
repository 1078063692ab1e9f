import { comparableWords, nearDuplicateClusters } from '../../domain/near-duplicates';
import { classifyDay, classifyDays, organicByHour, sampledOrganicTweets, type OrganicPost } from '../../domain/organic';
import { parseOfficialAccount, parseSheetRows } from '../../domain/show-config';
import { floodPosts, floodText, naturalPosts, officialPosts, type KnownPost } from '../../simulator/organic-posts';
import { Random } from '../../simulator/random';

const DAY = '2019-07-10';
const TAG = '#ZephyrineHollow';
const twitter = (post: KnownPost, extra: Partial<OrganicPost> = {}): OrganicPost => ({
  ...post,
  is_retweet: false,
  source: 'twitter',
  ...extra,
});
const NATURAL = naturalPosts({ day: DAY, count: 2_000, accounts: 5_000, hashtag: TAG, seed: 7 }).map((p) => twitter(p));
/** What chance alone gives the natural day: accounts drawn more than 3 times have their posts beyond the first as bursts. */
const NATURAL_BURSTS = [
  ...NATURAL.reduce(
    (counts, post) => counts.set(post.user_id, (counts.get(post.user_id) ?? 0) + 1),
    new Map<string, number>(),
  ).values(),
]
  .filter((posts) => posts > 3)
  .reduce((sum, posts) => sum + posts - 1, 0);
const OFFICIAL = { source: 'twitter' as const, screen_name: 'zephyrinetv' };

describe('comparable words', () => {
  it('leave out case, accents, punctuation, emoji, links and mentions', () => {
    expect(comparableWords('@Fan_1 Zéphyrine HOLLOW, tonight!! 🔥 https://t.co/AbC123 via @studio.tv')).toEqual([
      'zephyrine',
      'hollow',
      'tonight',
      'via',
    ]);
  });
});

describe('near-duplicate clusters (MinHash, LSH, exact Jaccard)', () => {
  const words = (text: string) => comparableWords(text);

  it('puts the edited copies of a text in one cluster and leaves different texts alone', () => {
    const flood = floodPosts({ day: DAY, posts: 40, accounts: 8, term: TAG }).map((p) => words(p.text));
    const base = floodText(TAG).split(' ');
    // One word changed of 20: 17 of 21 word pairs shared (0.81).
    const reworded = words([...base.slice(0, 8), 'framed', ...base.slice(9)].join(' '));
    const different = words(`${TAG} the finale was long and the ending made no sense to anyone in my house`);
    const clusters = nearDuplicateClusters([...flood, reworded, different], 0.7);
    expect(clusters).toEqual([Array.from({ length: 41 }, (_, i) => i), [41]]);
  });

  it('gives the same clusters on every run', () => {
    const texts = NATURAL.slice(0, 300).map((p) => words(p.text!));
    expect(nearDuplicateClusters(texts, 0.7)).toEqual(nearDuplicateClusters(texts, 0.7));
  });
});

describe('organic classification of a day', () => {
  it('finds no flood in natural repetition, and bursts only where chance made them (under 1%)', () => {
    const day = classifyDay(NATURAL, [OFFICIAL]);
    expect(day).toMatchObject({ owned: 0, flood: 0, burst: NATURAL_BURSTS, floods: [] });
    expect(day.organic_tweets).toBe(2_000 - NATURAL_BURSTS);
    expect(NATURAL_BURSTS / day.organic_tweets).toBeLessThan(0.01);
  });

  it('counts an injected flood beyond its first post, and the official account as owned', () => {
    const before = classifyDay(NATURAL, [OFFICIAL]);
    const flood = floodPosts({ day: DAY, posts: 500, accounts: 50, term: TAG }).map((p) => twitter(p));
    const official = officialPosts({ day: DAY, posts: 30, screenName: 'ZephyrineTV', term: TAG }).map((p) =>
      twitter(p),
    );
    const after = classifyDay([...NATURAL, ...flood, ...official], [OFFICIAL]);
    expect(after).toMatchObject({ owned: 30, flood: 499, burst: NATURAL_BURSTS });
    expect(after.organic_tweets - before.organic_tweets).toBe(1);
    expect(after.organic_unique_authors - before.organic_unique_authors).toBe(1);
    expect(after.floods).toEqual([
      {
        posts: 500,
        accounts: Array.from({ length: 50 }, (_, i) => `giveaway_${i}`).sort(),
        example: flood[0]!.text,
        first_id: 'flood-0',
      },
    ]);
    // The same posts in any order: the same counts.
    const shuffled = [...NATURAL, ...flood, ...official].sort(() => new Random(3).next() - 0.5);
    expect(classifyDay(shuffled, [OFFICIAL])).toMatchObject({ owned: 30, flood: 499, burst: NATURAL_BURSTS });
  });

  it('never counts retweets as a flood, and leaves reposts of the official account organic', () => {
    const text = floodText(TAG);
    const retweets = Array.from({ length: 12 }, (_, i) =>
      twitter(
        { id: `rt-${i}`, created_at: `${DAY}T12:00:0${i % 10}Z`, user_id: `u${i}`, user_screen_name: `u${i}`, text },
        { is_retweet: true },
      ),
    );
    expect(classifyDay(retweets, [OFFICIAL])).toMatchObject({ flood: 0, owned: 0, organic_tweets: 12 });
  });

  it('needs several accounts for a flood, and allows more posts a day on Bluesky (a census) than in the sample', () => {
    const post = (i: number, source: 'twitter' | 'bluesky', user = 'same', text = `${TAG} post number ${i}`) =>
      twitter(
        { id: `${source}-${i}`, created_at: `${DAY}T0${i % 10}:00:00Z`, user_id: user, user_screen_name: user, text },
        { source },
      );
    expect(
      classifyDay(
        [1, 2, 3, 4].map((i) => post(i, 'twitter')),
        [],
      ),
    ).toMatchObject({ burst: 3, organic_tweets: 1 });
    expect(
      classifyDay(
        [1, 2, 3].map((i) => post(i, 'twitter')),
        [],
      ),
    ).toMatchObject({ burst: 0, organic_tweets: 3 });
    const bluesky = Array.from({ length: 20 }, (_, i) => post(i, 'bluesky'));
    expect(classifyDay(bluesky, [])).toMatchObject({ burst: 0, organic_tweets: 20 });
    expect(classifyDay([...bluesky, post(20, 'bluesky')], [])).toMatchObject({ burst: 20, organic_tweets: 1 });
    // Three copies by one account: a burst at most, never a flood.
    const copies = [1, 2, 3].map((i) => post(i, 'twitter', 'same', floodText(TAG)));
    expect(classifyDay(copies, [])).toMatchObject({ flood: 0, burst: 0, organic_tweets: 3 });
  });

  it("counts a day's organic posts by source: of its organic tweets, those of the sample beside its sampled tweets", () => {
    const post = (i: number, source: 'twitter' | 'bluesky') =>
      twitter(
        {
          id: `${source}-${i}`,
          created_at: `${DAY}T0${i}:00:00Z`,
          user_id: `u${i}`,
          user_screen_name: `u${i}`,
          text: TAG,
        },
        { source },
      );
    const day = classifyDay(
      [post(1, 'twitter'), post(2, 'twitter'), post(3, 'bluesky'), post(4, 'twitter')],
      [{ source: 'twitter', screen_name: 'u4' }],
    );
    expect([day.organic_tweets, day.organicBySource]).toEqual([3, { twitter: 2, bluesky: 1 }]);
    expect(sampledOrganicTweets(day, 3)).toBe(2);
    // No estimate (a day not the 1% sample), or no source of the day sampled (Bluesky alone).
    expect(sampledOrganicTweets(day, null)).toBeNull();
    expect(sampledOrganicTweets(day, 0)).toBe(0);
  });

  it('matches a Bluesky official account by DID', () => {
    const did = 'did:plc:abcdefghijklmnopqrstuvwx';
    const post = twitter(
      { id: 'at://x/1', created_at: `${DAY}T10:00:00Z`, user_id: did, user_screen_name: did, text: `${TAG} clip` },
      { source: 'bluesky' },
    );
    expect(classifyDay([post], [{ source: 'bluesky', did }])).toMatchObject({ owned: 1, organic_tweets: 0 });
  });

  it('classifies each day of a window in the show time zone', () => {
    const late = twitter({
      id: 'a',
      created_at: '2019-07-10T03:00:00Z',
      user_id: 'a',
      user_screen_name: 'a',
      text: 'x',
    });
    const days = classifyDays([late], [], 'America/New_York');
    expect([...days.keys()]).toEqual(['2019-07-09']);
  });
});

describe('organic counts by hour', () => {
  it('counts each post in its hour and source, in the category its whole day gave it', () => {
    // The flood's first post is at 09:00 (organic); its copies run to 09:58 and on past 10:00.
    const flood = floodPosts({ day: DAY, posts: 600, accounts: 60, term: TAG }).map((p) => twitter(p));
    const official = officialPosts({ day: DAY, posts: 3, screenName: 'ZephyrineTV', term: TAG }).map((p) =>
      twitter(p, { source: 'bluesky' }),
    );
    const posts = [...flood, ...official];
    const days = classifyDays(posts, [OFFICIAL, { source: 'bluesky', did: official[0]!.user_id }], 'UTC');
    const hours = organicByHour(posts, days, 'UTC');
    // 09:00–09:59:59 holds copies 0–514 (7 s apart); 10:00 the other 85 and the 3 promos.
    expect(hours.get(`${DAY}T09:00:00.000Z|twitter`)).toEqual({
      owned: 0,
      flood: 514,
      burst: 0,
      organic_tweets: 1,
      organic_unique_authors: 1,
    });
    expect(hours.get(`${DAY}T10:00:00.000Z|bluesky`)).toEqual({
      owned: 3,
      flood: 0,
      burst: 0,
      organic_tweets: 0,
      organic_unique_authors: 0,
    });
    expect(hours.get(`${DAY}T10:00:00.000Z|all`)).toEqual({
      owned: 3,
      flood: 85,
      burst: 0,
      organic_tweets: 0,
      organic_unique_authors: 0,
    });
  });
});

describe('official accounts (sheet column official_accounts)', () => {
  it('takes Twitter screen names and Bluesky DIDs, and names what it refuses', () => {
    expect(parseOfficialAccount('@ZephyrineTV')).toEqual({ source: 'twitter', screen_name: 'zephyrinetv' });
    expect(parseOfficialAccount('studio_1')).toEqual({ source: 'twitter', screen_name: 'studio_1' });
    expect(parseOfficialAccount('did:plc:abcdefghijklmnopqrstuvwx')).toEqual({
      source: 'bluesky',
      did: 'did:plc:abcdefghijklmnopqrstuvwx',
    });
    expect(parseOfficialAccount('did:web:studio.example')).toEqual({
      source: 'bluesky',
      did: 'did:web:studio.example',
    });
    expect(parseOfficialAccount('zephyrine.bsky.social')).toMatch(
      /looks like a Bluesky handle: give the account's DID/,
    );
    expect(parseOfficialAccount('@much_too_long_a_name')).toMatch(/neither a Twitter screen name/);
  });

  it('are read from the sheet, a bad one named with its row and column', () => {
    const row = (accounts: string) => ({
      show_name: 'Z',
      season: '1',
      launch_date: DAY,
      mandatory_search_terms: 'Z',
      official_accounts: accounts,
    });
    const headers = Object.keys(row(''));
    const { shows, errors } = parseSheetRows(
      [row('@ZephyrineTV, did:plc:abcdefghijklmnopqrstuvwx'), row('z.bsky.social')],
      headers,
    );
    expect(shows.map((show) => show.official_accounts)).toEqual([
      [
        { source: 'twitter', screen_name: 'zephyrinetv' },
        { source: 'bluesky', did: 'did:plc:abcdefghijklmnopqrstuvwx' },
      ],
    ]);
    expect(errors).toEqual([
      {
        row: 3,
        column: 'official_accounts',
        reason: expect.stringMatching(/^"z.bsky.social" looks like a Bluesky handle/),
        show_name: 'Z',
      },
    ]);
  });
});
