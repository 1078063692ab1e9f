import { classifyLine } from '../../domain/stream-lines';
import { toTweetDoc, tweetKeyOf, type RawStatus } from '../../domain/tweet';

const user = { id_str: '12', screen_name: 'Fan_One', followers_count: 42 };

describe('toTweetDoc', () => {
  it('keeps the string id (digits beyond 2^53) and takes created_at from timestamp_ms', () => {
    const line =
      '{"id":1145481234567890944,"id_str":"1145481234567890944","text":"hi","timestamp_ms":"1561939200123","lang":"en","user":{"id_str":"12","screen_name":"Fan_One"}}';
    const parsed = classifyLine(line);
    expect(parsed.kind).toBe('status');
    const doc = toTweetDoc((parsed as { status: RawStatus }).status);
    expect(doc.id).toBe('1145481234567890944');
    expect(doc.created_at).toBe('2019-07-01T00:00:00.123Z');
  });

  it('uses the extended text and entities of a long tweet', () => {
    const doc = toTweetDoc({
      id_str: '1',
      timestamp_ms: '1561939200000',
      text: 'A long tweet cut at 140 characters… https://t.co/x',
      truncated: true,
      lang: 'en',
      user,
      entities: { hashtags: [], user_mentions: [] },
      extended_tweet: {
        full_text: 'A long tweet cut at 140 characters and then the end with #Zéphyrine and @HollowCast',
        entities: { hashtags: [{ text: 'Zéphyrine' }], user_mentions: [{ screen_name: 'HollowCast' }] },
      },
    });
    expect(doc.text).toBe('A long tweet cut at 140 characters and then the end with #Zéphyrine and @HollowCast');
    expect(doc.text_norm).toBe('a long tweet cut at 140 characters and then the end with zephyrine and hollowcast');
    expect(doc.hashtags).toEqual(['zephyrine']);
    expect(doc.mentions).toEqual(['hollowcast']);
  });

  it("takes a retweet's text and entities from the retweeted status, and its author from the retweeter", () => {
    const doc = toTweetDoc({
      id_str: '3',
      timestamp_ms: '1561939200000',
      text: 'RT @orig: The start of the original tex…',
      lang: 'en',
      user,
      entities: { user_mentions: [{ screen_name: 'orig' }] },
      retweeted_status: {
        id_str: '2',
        text: 'The start of the original text… https://t.co/y',
        lang: 'en',
        user: { id_str: '99', screen_name: 'orig' },
        extended_tweet: {
          full_text: 'The start of the original text, then all of it about #Show',
          entities: { hashtags: [{ text: 'Show' }] },
        },
      },
    });
    expect(doc).toMatchObject({
      id: '3',
      is_retweet: true,
      retweeted_id: '2',
      text: 'The start of the original text, then all of it about #Show',
      hashtags: ['show'],
      mentions: [],
      user_id: '12',
      user_screen_name: 'Fan_One',
      user_followers: 42,
    });
  });

  it('marks quotes and replies', () => {
    const base: RawStatus = { id_str: '4', timestamp_ms: '1561939200000', text: '@a yes', lang: 'en', user };
    expect(toTweetDoc({ ...base, is_quote_status: true })).toMatchObject({
      is_quote: true,
      is_reply: false,
      is_retweet: false,
    });
    expect(toTweetDoc({ ...base, in_reply_to_status_id_str: '1' })).toMatchObject({ is_quote: false, is_reply: true });
  });

  it('falls back to created_at when timestamp_ms is absent', () => {
    const doc = toTweetDoc({ id_str: '5', created_at: 'Mon Jul 01 13:14:15 +0000 2019', text: 'x', user });
    expect(doc.created_at).toBe('2019-07-01T13:14:15.000Z');
    expect(doc.lang).toBe('und');
  });
});

describe('classifyLine', () => {
  it.each([
    [
      '{"delete":{"status":{"id":1,"id_str":"1145481234567890944","user_id":2,"user_id_str":"2"},"timestamp_ms":"1"}}',
      { kind: 'notice', notice: 'delete', deletedId: '1145481234567890944' },
    ],
    ['{"limit":{"track":12,"timestamp_ms":"1"}}', { kind: 'notice', notice: 'limit' }],
    ['{"status_withheld":{"id":1}}', { kind: 'notice', notice: 'status_withheld' }],
    ['{"user_withheld":{"id":1}}', { kind: 'notice', notice: 'user_withheld' }],
    ['{"scrub_geo":{"user_id":1}}', { kind: 'notice', notice: 'scrub_geo' }],
    ['{"disconnect":{"code":7}}', { kind: 'notice', notice: 'other' }],
    ['{"created_at":"Mon Jul 01', { kind: 'malformed', reason: 'invalid_json' }],
    ['{"unexpected":{"shape":true}}', { kind: 'malformed', reason: 'unknown_shape' }],
    ['[1,2,3]', { kind: 'malformed', reason: 'unknown_shape' }],
    ['{"id_str":"1","text":"no user"}', { kind: 'malformed', reason: 'unknown_shape' }],
  ])('%s', (line, expected) => {
    expect(classifyLine(line)).toEqual(expected);
  });

  it('calls an unparsable last line of a member truncated', () => {
    expect(classifyLine('{"id_str":"1","te', false)).toEqual({ kind: 'malformed', reason: 'truncated_line' });
  });
});

describe('tweetKeyOf', () => {
  it('reads the id and time of a stored document from its first bytes, or parses one written otherwise', () => {
    const doc = toTweetDoc({ id_str: '1', timestamp_ms: '1561939200000', text: 'x', lang: 'en', user });
    expect(tweetKeyOf(JSON.stringify(doc))).toEqual({ id: '1', created_at: '2019-07-01T00:00:00.000Z' });
    const reordered = JSON.stringify({
      created_at: doc.created_at,
      text: 'x',
      id: 'at://did:plc:a/app.bsky.feed.post/3k',
    });
    expect(tweetKeyOf(reordered)).toEqual({ id: 'at://did:plc:a/app.bsky.feed.post/3k', created_at: doc.created_at });
  });
});
