import { nearDuplicateBands, sharingABand } from '../../domain/near-duplicates';
import { classifyDays, textsToRead, ORGANIC_RULES, type OrganicPost } from '../../domain/organic';
import { floodPosts, floodText, naturalPosts, officialPosts, type KnownPost } from '../../simulator/organic-posts';

const DAY = '2019-07-10';
const TAG = '#ZephyrineHollow';
const OFFICIAL = [{ source: 'twitter' as const, screen_name: 'zephyrinetv' }];

/** A post as the index holds it since fingerprints: with the fingerprint ingestion stored. */
const indexed = (post: KnownPost, isRetweet = false): OrganicPost => ({
  ...post,
  is_retweet: isRetweet,
  source: 'twitter',
  near_duplicate_bands: isRetweet ? '' : nearDuplicateBands(post.text),
});
/** The posts as a show's computation has them: the text of the `read` ones only. */
const withTextsOf = (posts: OrganicPost[], read: string[]): OrganicPost[] =>
  posts.map((post) => (read.includes(post.id) ? post : { ...post, text: null }));

const NATURAL = naturalPosts({ day: DAY, count: 2_000, accounts: 5_000, hashtag: TAG, seed: 7 }).map((p) => indexed(p));
const FLOOD = floodPosts({ day: DAY, posts: 500, accounts: 50, term: TAG }).map((p) => indexed(p));
const PROMOS = officialPosts({ day: DAY, posts: 30, screenName: 'ZephyrineTV', term: TAG }).map((p) => indexed(p));
const RETWEETS = Array.from({ length: 40 }, (_, i) =>
  indexed(
    {
      id: `rt-${i}`,
      created_at: `${DAY}T11:00:00Z`,
      user_id: `r${i}`,
      user_screen_name: `r${i}`,
      text: floodText(TAG),
    },
    true,
  ),
);
const DAY_POSTS = [...NATURAL, ...FLOOD, ...PROMOS, ...RETWEETS];

describe('near-duplicate fingerprints stored at ingest', () => {
  it("are a comparable text's 32 bands of 3 bytes, the same for copies that differ by an emoji, a mention or a link", () => {
    const [plain, emoji, mention, link] = FLOOD.slice(0, 4).map((post) => post.near_duplicate_bands!);
    expect(Buffer.from(plain!, 'base64')).toHaveLength(96);
    expect(new Set([plain, emoji, mention, link])).toEqual(new Set([plain]));
    expect(nearDuplicateBands(`${TAG} the finale was long and the ending made no sense to anyone`)).not.toBe(plain);
  });

  it('are empty for a text with fewer content words than the rules compare', () => {
    expect(nearDuplicateBands(`can't wait for ${TAG} tonight with my mom!!`)).toBe('');
  });

  it('name the posts that share a band with another, and only those', () => {
    const other = nearDuplicateBands(`${TAG} the finale was long and the ending made no sense to anyone`);
    expect([...sharingABand([FLOOD[0]!.near_duplicate_bands!, other, FLOOD[1]!.near_duplicate_bands!])]).toEqual([
      0, 2,
    ]);
  });
});

describe('texts a show computation reads', () => {
  it("are the owned posts and the possible near-duplicates: the day's classification is the same as from every text", () => {
    const read = textsToRead(DAY_POSTS, OFFICIAL, 'UTC');
    // The 30 promos, the 500 copies, and 23 natural posts whose random words (of 36) agree with
    // another's on a whole band, in 11 bands: candidates that the exact similarity rejects.
    // Retweets are never compared.
    const natural = read.filter((id) => id.startsWith('natural-'));
    expect(natural).toHaveLength(23);
    expect(read.filter((id) => !natural.includes(id)).sort()).toEqual(
      [...PROMOS, ...FLOOD].map((post) => post.id).sort(),
    );
    expect(classifyDays(withTextsOf(DAY_POSTS, read), OFFICIAL, 'UTC')).toEqual(
      classifyDays(DAY_POSTS, OFFICIAL, 'UTC'),
    );
  });

  it('are every original of a day that holds a document stored before fingerprints', () => {
    const { near_duplicate_bands: _bands, ...storedBefore } = NATURAL[5]!;
    const posts = [...DAY_POSTS.filter((post) => post !== NATURAL[5]), storedBefore];
    const read = textsToRead(posts, OFFICIAL, 'UTC');
    expect(read).toHaveLength(2_000 + 500 + 30);
    // A day in another time zone's day is apart: only its own possible near-duplicates.
    const nextDay = FLOOD.slice(0, 3).map((post) => ({
      ...post,
      id: `next-${post.id}`,
      created_at: `2019-07-11T12:00:00Z`,
    }));
    expect(textsToRead([...posts, ...nextDay], OFFICIAL, 'UTC')).toHaveLength(2_530 + 3);
  });

  it('are every original when the rules compare shorter texts than the stored fingerprints cover', () => {
    const rules = { ...ORGANIC_RULES, minContentWords: ORGANIC_RULES.minContentWords - 1 };
    expect(textsToRead(DAY_POSTS, OFFICIAL, 'UTC', rules)).toHaveLength(2_530);
  });
});
