import { nearDuplicateBands } from '../../domain/near-duplicates';
import type { Client } from '@elastic/elasticsearch';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { ensureIngestIndices } from '../../adapters/elasticsearch-indices';
import type { Day } from '../../domain/days';
import type { IndexNames } from '../../domain/index-names';
import { normalizeText } from '../../domain/text';
import { sentimentOf, type TweetDoc } from '../../domain/tweet';

/**
 * A day with a planted spike, written straight to the tweet indices, and what "explain" must find
 * in it. The show's matching tweets talk about a "cliffhanger" (in text and as a hashtag) far
 * more than the rest of the day's sample, and a little more about a "twist"; everything else is
 * filler drawn the same way for both. Three of its originals (neither word in them) are retweeted 9, 6 and 4 times, and
 * an original that was deleted (not in the index) 11 times. Every text has unique tokens between
 * its words so that no run of six tokens repeats: significant_text's duplicate filter (meant for
 * retweets) leaves the counts exact. Twelve originals carry a word of strong sentiment each (FELT).
 */
export const SPIKE = {
  background: 1500,
  matchingOriginals: 120,
  terms: {
    cliffhanger: { tweets: 70, sample_tweets: 70 + 15 },
    twist: { tweets: 20, sample_tweets: 20 + 30 },
  },
  hashtags: { cliffhanger: { tweets: 45, sample_tweets: 45 + 15 } },
  retweeted: [
    { id: 'spike-original-80', retweets: 9 },
    { id: 'spike-original-81', retweets: 6 },
    { id: 'spike-original-82', retweets: 4 },
  ],
  deletedRetweets: 11,
};

const FILLER =
  'the a to and of is in it you that for on my this be with just have so me not but are at all like was your what if'.split(
    ' ',
  );

/** A tweet document as ingestion writes it: an English original by its own user, unless `extra` says otherwise. */
export function tweetDoc(id: string, createdAt: string, text: string, extra: Partial<TweetDoc> = {}): TweetDoc {
  return {
    id,
    created_at: createdAt,
    text,
    text_norm: normalizeText(text),
    lang: 'en',
    is_retweet: false,
    is_quote: false,
    is_reply: false,
    retweeted_id: null,
    user_id: `u-${id}`,
    user_screen_name: `user_${id}`,
    user_followers: 10,
    hashtags: [],
    mentions: [],
    source: 'twitter',
    sentiment: sentimentOf(text, extra.lang ?? 'en'),
    near_duplicate_bands: extra.is_retweet ? '' : nearDuplicateBands(text),
    ...extra,
  };
}

function tweet(id: string, date: Day, minute: number, text: string, extra: Partial<TweetDoc> = {}): TweetDoc {
  return tweetDoc(id, new Date(Date.parse(`${date}T00:00:00Z`) + (minute % 1440) * 60_000).toISOString(), text, extra);
}

/**
 * Words of strong sentiment in some matching originals, one word each (so that none is frequent
 * enough to stand out as a term): the explain lists' most positive and most negative posts.
 */
const FELT: Record<number, string> = Object.fromEntries(
  [
    'wonderful',
    'superb',
    'brilliant',
    'fantastic',
    'delightful',
    'awesome',
    'awful',
    'dreadful',
    'horrible',
    'terrible',
    'miserable',
    'pathetic',
  ].map((word, k) => [k + 1, word]),
);

const filler = (i: number) => Array.from({ length: 5 }, (_, k) => FILLER[(i * 7 + k * 3) % FILLER.length]).join(' ');

/** Writes the spike day for a show whose only term is `phrase`, "Zephyrine Hollow" by default. */
export async function seedSpikeDay(
  es: Client,
  indices: IndexNames,
  date: Day,
  phrase = 'Zephyrine Hollow',
): Promise<TweetDoc[]> {
  await ensureIngestIndices(es, indices);
  const docs: TweetDoc[] = [];
  for (let i = 0; i < SPIKE.background; i++) {
    const words = [
      `b${i}x`,
      i % 100 === 0 ? 'cliffhanger' : '',
      `b${i}y`,
      i % 50 === 1 ? 'twist' : '',
      `b${i}z`,
      filler(i),
    ];
    docs.push(
      tweet(`spike-bg-${i}`, date, i, words.filter(Boolean).join(' '), {
        hashtags: i % 100 === 0 ? ['cliffhanger'] : [],
      }),
    );
  }
  for (let i = 0; i < SPIKE.matchingOriginals; i++) {
    const words = [
      phrase,
      FELT[i] ?? '',
      `m${i}x`,
      i < 70 ? 'cliffhanger' : '',
      `m${i}y`,
      i >= 100 && i < 120 ? 'twist' : '',
      `m${i}z`,
      filler(i),
    ];
    docs.push(
      tweet(`spike-original-${i}`, date, i * 11, words.filter(Boolean).join(' '), {
        hashtags: i < 45 ? ['cliffhanger'] : [],
      }),
    );
  }
  const retweet = (originalId: string, text: string, k: number) =>
    tweet(`${originalId}-rt-${k}`, date, 700 + k, text, { is_retweet: true, retweeted_id: originalId });
  for (const { id, retweets } of SPIKE.retweeted) {
    const original = docs.find((doc) => doc.id === id)!;
    for (let k = 0; k < retweets; k++) docs.push(retweet(id, original.text, k));
  }
  for (let k = 0; k < SPIKE.deletedRetweets; k++)
    docs.push(retweet('spike-deleted', `${phrase} d${k}x ${filler(k)}`, k));
  await bulkWrite(es, {
    what: 'spike day',
    datasource: docs,
    onDocument: (doc) => ({ index: { _index: indices.tweetsIndexFor(doc.created_at), _id: doc.id } }),
    refreshOnCompletion: indices.tweetsPattern,
  });
  return docs;
}

/**
 * What explain must list of the seeded day: its matching originals of one label (retweets repeat
 * their text), the strongest first, ties by id, five.
 */
export function strongestSeeded(docs: TweetDoc[], label: 'positive' | 'negative'): TweetDoc[] {
  return docs
    .filter((doc) => doc.id.startsWith('spike-original-'))
    .filter((doc) => (label === 'positive' ? doc.sentiment! >= 0.05 : doc.sentiment! <= -0.05))
    .sort(
      (a, b) =>
        (label === 'positive' ? b.sentiment! - a.sentiment! : a.sentiment! - b.sentiment!) || (a.id < b.id ? -1 : 1),
    )
    .slice(0, 5);
}
