import { nearDuplicateBands } from './near-duplicates';
import { postSentiment } from './sentiment';
import { normalizeTag, normalizeText } from './text';

/**
 * The compact tweet document BuzzTracker keeps (in the store's preprocessed copy and in
 * Elasticsearch). `id` is a string: tweet ids exceed 2^53 and lose digits as JSON numbers.
 */
/** Where a document came from: the Twitter stream archive, or Bluesky's Jetstream. */
export type Source = 'twitter' | 'bluesky';
export const SOURCES: readonly Source[] = ['twitter', 'bluesky'];

export interface TweetDoc {
  /** A tweet id, or a Bluesky post's (or repost's) at-uri. */
  id: string;
  created_at: string;
  /** The full text by the SPEC rules: extended text of long tweets; a retweet's original's full text. */
  text: string;
  /** `text` normalized for matching (see domain/text.ts). */
  text_norm: string;
  lang: string;
  is_retweet: boolean;
  is_quote: boolean;
  is_reply: boolean;
  retweeted_id: string | null;
  user_id: string;
  user_screen_name: string;
  user_followers: number;
  hashtags: string[];
  mentions: string[];
  source: Source;
  /** VADER's compound score of `text` (domain/sentiment.ts), null for a language it does not cover. Absent from documents stored before it. */
  sentiment: number | null;
  /**
   * The original post's near-duplicate fingerprint (domain/near-duplicates.ts), empty for a
   * retweet or a short text; after `sentiment`, absent from documents stored before it.
   */
  near_duplicate_bands: string;
}

/** The fields of an API v1.1 status object that BuzzTracker reads. */
export interface RawStatus {
  id_str: string;
  text?: string;
  full_text?: string;
  timestamp_ms?: string;
  created_at?: string;
  lang?: string;
  truncated?: boolean;
  in_reply_to_status_id_str?: string | null;
  is_quote_status?: boolean;
  quoted_status_id_str?: string;
  user: { id_str: string; screen_name: string; followers_count?: number };
  extended_tweet?: { full_text?: string; entities?: RawEntities };
  entities?: RawEntities;
  retweeted_status?: RawStatus;
}

interface RawEntities {
  hashtags?: { text: string }[];
  user_mentions?: { screen_name: string }[];
}

/** Long tweets keep their whole text in extended_tweet; the top-level `text` is cut at 140. */
function fullTextOf(status: RawStatus): string {
  return status.extended_tweet?.full_text ?? status.full_text ?? status.text ?? '';
}

function entitiesOf(status: RawStatus): RawEntities {
  return status.extended_tweet?.entities ?? status.entities ?? {};
}

function createdAtMs(status: RawStatus): number {
  if (status.timestamp_ms !== undefined) return Number(status.timestamp_ms);
  return Date.parse(status.created_at ?? '');
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value.length > 0))];
}

/** What scores a document's text: sentimentOf, or (to measure what scoring costs) a stand-in. */
export type SentimentScorer = (text: string, lang: string) => number | null;

/** The scorer a worker uses: sentimentOf, or none at all (`worker --no-sentiment`). */
export function scorerOf(scoring: boolean): SentimentScorer {
  return scoring ? sentimentOf : () => null;
}

/**
 * Projects a status to a TweetDoc. For a retweet, text and entities are the retweeted status'
 * (its own `text` is "RT @user: …" cut short); the author is the retweeter.
 */
export function toTweetDoc(status: RawStatus, score: SentimentScorer = sentimentOf): TweetDoc {
  const original = status.retweeted_status ?? status;
  const text = fullTextOf(original);
  const entities = entitiesOf(original);
  return {
    id: status.id_str,
    created_at: new Date(createdAtMs(status)).toISOString(),
    text,
    text_norm: normalizeText(text),
    lang: status.lang ?? 'und',
    is_retweet: status.retweeted_status !== undefined,
    is_quote: status.is_quote_status === true,
    is_reply: Boolean(status.in_reply_to_status_id_str),
    retweeted_id: status.retweeted_status?.id_str ?? null,
    user_id: status.user.id_str,
    user_screen_name: status.user.screen_name,
    user_followers: status.user.followers_count ?? 0,
    hashtags: unique((entities.hashtags ?? []).map((tag) => normalizeTag(tag.text))),
    mentions: unique((entities.user_mentions ?? []).map((mention) => mention.screen_name.toLowerCase())),
    source: 'twitter',
    sentiment: score(text, status.lang ?? 'und'),
    near_duplicate_bands: status.retweeted_status === undefined ? nearDuplicateBands(text) : '',
  };
}

/** The score a document stores: a retweet or repost has its original's text, so its sentiment. */
export function sentimentOf(text: string, lang: string): number | null {
  return postSentiment(text, lang).score;
}

/**
 * A stored document line with the fields derived from its text at ingest: as it is when it has
 * them all, else with those it lacks computed now (days stored before they existed, on reindex). Serialization escapes quotes inside strings, so a field's key
 * can only be the field.
 */
export function withDerivedFields(line: string, score: SentimentScorer = sentimentOf): string {
  const scored = line.includes('"sentiment":');
  const fingerprinted = line.includes('"near_duplicate_bands":');
  if (scored && fingerprinted) return line;
  const doc = JSON.parse(line) as TweetDoc;
  return JSON.stringify({
    ...doc,
    sentiment: scored ? doc.sentiment : score(doc.text, doc.lang),
    near_duplicate_bands: fingerprinted ? doc.near_duplicate_bands : doc.is_retweet ? '' : nearDuplicateBands(doc.text),
  });
}

/** A serialized TweetDoc as toTweetDoc's field order writes it: id, then created_at. */
const KEY_PREFIX = /^\{"id":"([^"\\]*)","created_at":"([^"\\]*)"/;

/**
 * The id and time of a serialized tweet document, read from its first bytes when it starts as
 * BuzzTracker writes documents, else parsed whole: documents are indexed as stored, and reading
 * two fields costs far less than parsing every document again.
 */
export function tweetKeyOf(line: string): Pick<TweetDoc, 'id' | 'created_at'> {
  const prefix = KEY_PREFIX.exec(line);
  if (prefix) return { id: prefix[1]!, created_at: prefix[2]! };
  const { id, created_at } = JSON.parse(line) as TweetDoc;
  return { id, created_at };
}
