import { postSentiment, sentimentLabel, sentimentScore } from '../../domain/sentiment';
import { netSentimentText, noSentimentValues } from '../../domain/buzz-format';
import { sentimentLexicon } from '../../domain/sentiment-lexicon';
import { postToDoc } from '../../domain/bluesky';
import { nearDuplicateBands } from '../../domain/near-duplicates';
import { scorerOf, toTweetDoc, withDerivedFields } from '../../domain/tweet';
import { NEUTRAL_EMOJI, NEUTRAL_EN_WORDS, SENTIMENT_PHRASES, neutralWord } from '../../simulator/planted-sentiment';
import { SAMPLE_SHOWS } from '../../simulator/shows';

/**
 * Expected scores are worked out by hand from the word list's ratings (good 1.9, bad -2.5, ":)" 2,
 * joy 2.8, tears -0.9, angry -2.3, smiling 2.0) and VADER's constants: a sum s becomes
 * s / √(s² + 15); "not" multiplies by -0.74; a booster adds 0.293 (ALL-CAPS among lower case
 * adds 0.733 more); each "!" adds 0.292 (up to four); "but" halves what comes before it and
 * multiplies what follows by 1.5.
 */
const compound = (sum: number) => Math.round((sum / Math.sqrt(sum * sum + 15)) * 10_000) / 10_000;

describe('sentiment score (VADER rules)', () => {
  it('reads the word list as rated by people', () => {
    const { valence } = sentimentLexicon();
    expect([valence.get('good'), valence.get('bad'), valence.get('joy'), valence.get(':)')]).toEqual([
      1.9, -2.5, 2.8, 2,
    ]);
    expect(valence.size).toBeGreaterThan(7_000);
  });

  it.each([
    ['good', 1.9],
    ['GOOD', 1.9], // all shouted: no emphasis
    ['Not good', 1.9 * -0.74], // negation with a capital
    ["isn't good", 1.9 * -0.74],
    ['very good', 1.9 + 0.293],
    ['The acting was EXTREMELY good', 1.9 + 0.293 + 0.733],
    ['The acting was extremely GOOD', 1.9 + 0.733 + 0.293],
    ['good!!!', 1.9 + 3 * 0.292],
    ['good!!!!!!', 1.9 + 4 * 0.292],
    ['good??', 1.9 + 2 * 0.18],
    ['good but bad', 1.9 * 0.5 - 2.5 * 1.5],
    ['the least good', 1.9 * -0.74],
    ['at least good', 1.9],
    ['never so good', (1.9 + 0.293) * 1.25],
    ['no good', 1.9 * -0.74],
    ['it is kind of bad', -2.5 + 0.293], // a dampener lowers the magnitude, whatever the sign
    [':)', 2], // an emoticon keeps its punctuation
    ['😠', -2.3], // "angry face"
    ['😂', -0.9 + 2.8], // "face with tears of joy"
    ['🙂', 2.0 - 0.293], // "slightly smiling face"
  ])('%s', (text, sum) => {
    expect(sentimentScore(text)).toBe(compound(sum));
  });

  it('is 0 without rated words, and labels by ±0.05', () => {
    expect(sentimentScore('watching the new episode tonight')).toBe(0);
    expect([sentimentLabel(0.05), sentimentLabel(0.0499), sentimentLabel(-0.0499), sentimentLabel(-0.05)]).toEqual([
      'positive',
      'neutral',
      'neutral',
      'negative',
    ]);
  });

  it('scores English only: another language or no language is no score, never neutral', () => {
    expect(postSentiment('good', 'en')).toEqual({ score: 0.4404, label: 'positive' });
    expect(postSentiment('très bon', 'fr')).toEqual({
      score: null,
      reason: 'language "fr" is not scored (scored: en)',
    });
    expect(postSentiment('good', 'und')).toEqual({ score: null, reason: 'language "und" is not scored (scored: en)' });
    expect(postSentiment('  ', 'en')).toEqual({ score: null, reason: 'no text' });
  });
});

describe('the polarities the sample generator plants', () => {
  const filler = [...NEUTRAL_EN_WORDS, ...NEUTRAL_EMOJI, neutralWord('fun'), neutralWord('no'), 'café'].join(' ');

  it('has filler the scorer reads as nothing', () => {
    expect(sentimentScore(filler)).toBe(0);
    expect(neutralWord('fun')).toBe('funq');
  });

  it.each(Object.entries(SENTIMENT_PHRASES).flatMap(([label, phrases]) => phrases.map((phrase) => [label, phrase])))(
    'reads %s from "%s" beside every show phrase',
    (label, phrase) => {
      for (const show of SAMPLE_SHOWS)
        for (const planted of show.phrases)
          expect([planted.text, postSentiment(`${filler} ${planted.text} ${filler} ${phrase}`, 'en')]).toEqual([
            planted.text,
            expect.objectContaining({ label }),
          ]);
    },
  );
});

describe('sentiment on tweet documents', () => {
  const status = (text: string, lang: string) => ({
    id_str: '1146521006227206144',
    text,
    timestamp_ms: '1562198400000',
    lang,
    user: { id_str: '7', screen_name: 'viewer' },
  });

  it('scores a kept English status and leaves others unscored', () => {
    expect(toTweetDoc(status('Not good', 'en')).sentiment).toBe(-0.3412);
    expect(toTweetDoc(status('pas bon', 'fr')).sentiment).toBeNull();
  });

  it("gives a retweet its original text's score", () => {
    const retweet = { ...status('RT @a: good', 'en'), retweeted_status: status('good but bad', 'en') };
    expect(toTweetDoc(retweet).sentiment).toBe(compound(1.9 * 0.5 - 2.5 * 1.5));
  });

  it('scores a document stored before sentiment existed, and leaves a scored one as stored', () => {
    const { sentiment: _ignored, near_duplicate_bands: _bands, ...before } = toTweetDoc(status('very good', 'en'));
    const scored = JSON.parse(withDerivedFields(JSON.stringify(before)));
    expect(scored).toEqual({ ...before, sentiment: compound(1.9 + 0.293), near_duplicate_bands: '' });
    const { sentiment: _unscored, ...fingerprintedOnly } = toTweetDoc(status('very good', 'en'));
    expect(JSON.parse(withDerivedFields(JSON.stringify(fingerprintedOnly)))).toEqual({
      ...fingerprintedOnly,
      sentiment: compound(1.9 + 0.293),
    });
    const stored = JSON.stringify(toTweetDoc(status('"sentiment": a word in the text', 'en')));
    expect(withDerivedFields(stored)).toBe(stored);
  });

  it('gives a document stored with its score but before fingerprints its fingerprint, and keeps its score', () => {
    const text = '#ZephyrineHollow finale night: the castle, the storm and the lantern scene were perfect';
    const { near_duplicate_bands: bands, ...before } = toTweetDoc(status(text, 'en'));
    expect(bands).toBe(nearDuplicateBands(text));
    expect(bands).not.toBe('');
    // A retweet is never compared as a near-duplicate (domain/organic.ts): no fingerprint.
    const retweet = { ...status(`RT @a: ${text}`, 'en'), retweeted_status: status(text, 'en') };
    expect(toTweetDoc(retweet).near_duplicate_bands).toBe('');
    const stored = { ...before, sentiment: 0.25 };
    expect(JSON.parse(withDerivedFields(JSON.stringify(stored)))).toEqual({ ...stored, near_duplicate_bands: bands });
  });

  it('stores no score anywhere when the worker does not score (worker --no-sentiment)', () => {
    const none = scorerOf(false);
    expect(toTweetDoc(status('very good', 'en'), none).sentiment).toBeNull();
    const { sentiment: _ignored, near_duplicate_bands: _bands, ...before } = toTweetDoc(status('very good', 'en'));
    expect(JSON.parse(withDerivedFields(JSON.stringify(before), none)).sentiment).toBeNull();
    const post = {
      kind: 'post' as const,
      did: 'did:plc:viewer',
      uri: 'at://did:plc:viewer/app.bsky.feed.post/3kabc',
      rev: '3kabc',
      timeUs: 1_562_198_400_000_000,
      post: { text: 'very good', langs: ['en'] },
    };
    expect(postToDoc(post).sentiment).toBe(compound(1.9 + 0.293));
    expect(postToDoc(post, none).sentiment).toBeNull();
  });
});

describe('net sentiment in a table cell', () => {
  const values = (net: number | null, scored: number | null) => ({
    ...noSentimentValues('why'),
    net_sentiment: net,
    scored,
  });

  it('shows the value with its sign and how many posts it rests on', () => {
    expect(netSentimentText(values(0.4286, 7), 9)).toBe('+0.43 of 7 scored');
    expect(netSentimentText(values(-0.25, 4), 4)).toBe('-0.25 of 4 scored');
    expect(netSentimentText(values(0, 3), 3)).toBe('0.00 of 3 scored');
  });

  it('says none was scored when posts matched, and nothing without matching posts or data', () => {
    expect(netSentimentText(values(null, 0), 5)).toBe('none scored');
    expect(netSentimentText(values(null, 0), 0)).toBe('');
    expect(netSentimentText(values(null, null), null)).toBe('');
  });
});
