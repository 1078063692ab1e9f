import { normalizeTag, normalizeText } from './text';
import { nearDuplicateBands } from './near-duplicates';
import { sentimentOf, type SentimentScorer, type TweetDoc } from './tweet';

/**
 * Bluesky's Jetstream, read as BuzzTracker reads the Twitter stream: every frame is exactly one
 * of a post created, a repost, a post or repost deleted, something ignored (by kind), or bad (by
 * reason).
 * The time of an event is the Jetstream server's `time_us` (the network's clock), never the
 * client-declared `createdAt`.
 */

export const POST = 'app.bsky.feed.post';
export const REPOST = 'app.bsky.feed.repost';
/** The collections a capture asks for. */
export const CAPTURED_COLLECTIONS = [POST, REPOST] as const;

/** A frame larger than this is refused whole (the real server's default maximum is far below). */
export const MAX_FRAME_BYTES = 64 * 1024;

export const IGNORED_KINDS = ['post_update', 'other_collection', 'identity', 'account'] as const;
export const BAD_REASONS = ['invalid_json', 'unknown_shape', 'oversized'] as const;
export type IgnoredKind = (typeof IGNORED_KINDS)[number];
export type BadReason = (typeof BAD_REASONS)[number];

export interface BlueskyPost {
  text?: string;
  createdAt?: string;
  langs?: string[];
  tags?: string[];
  facets?: {
    index?: { byteStart?: number; byteEnd?: number };
    features?: { $type?: string; tag?: string; did?: string; uri?: string }[];
  }[];
  reply?: { root?: { uri?: string }; parent?: { uri?: string } };
  embed?: { $type?: string; record?: { uri?: string; record?: { uri?: string } } };
}

export type JetstreamEvent =
  | { kind: 'post'; timeUs: number; uri: string; did: string; rev: string; post: BlueskyPost }
  | { kind: 'repost'; timeUs: number; uri: string; did: string; rev: string; subject: string }
  | { kind: 'post_delete'; timeUs: number; uri: string; did: string; rev: string }
  /** An un-repost: like a deleted retweet, the repost counts nowhere any more. */
  | { kind: 'repost_delete'; timeUs: number; uri: string; did: string; rev: string }
  | { kind: 'ignored'; timeUs: number; reason: IgnoredKind }
  | { kind: 'bad'; timeUs?: number; reason: BadReason };

/** A record's at-uri: its identity, by which duplicates (a resumed capture's overlap) are dropped. */
export function atUri(did: string, collection: string, rkey: string): string {
  return `at://${did}/${collection}/${rkey}`;
}

/** Reads one WebSocket text frame. */
export function classifyFrame(frame: string): JetstreamEvent {
  if (Buffer.byteLength(frame, 'utf8') > MAX_FRAME_BYTES) {
    const timeUs = /"time_us"\s*:\s*(\d+)/.exec(frame)?.[1];
    return { kind: 'bad', reason: 'oversized', timeUs: timeUs === undefined ? undefined : Number(timeUs) };
  }
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(frame) as Record<string, unknown>;
  } catch {
    return { kind: 'bad', reason: 'invalid_json' };
  }
  if (typeof event !== 'object' || event === null) return { kind: 'bad', reason: 'unknown_shape' };
  const timeUs = event.time_us;
  const did = event.did;
  if (typeof timeUs !== 'number' || !Number.isSafeInteger(timeUs) || typeof did !== 'string')
    return { kind: 'bad', reason: 'unknown_shape', timeUs: typeof timeUs === 'number' ? timeUs : undefined };
  if (event.kind === 'identity' || event.kind === 'account') return { kind: 'ignored', timeUs, reason: event.kind };
  const commit = event.commit as Record<string, unknown> | undefined;
  if (event.kind !== 'commit' || typeof commit !== 'object' || commit === null)
    return { kind: 'bad', reason: 'unknown_shape', timeUs };
  const { operation, collection, rkey, rev, record } = commit;
  if (typeof collection !== 'string' || typeof rkey !== 'string' || typeof operation !== 'string')
    return { kind: 'bad', reason: 'unknown_shape', timeUs };
  if (collection !== POST && collection !== REPOST) return { kind: 'ignored', timeUs, reason: 'other_collection' };
  const uri = atUri(did, collection, rkey);
  const revision = typeof rev === 'string' ? rev : '';
  if (operation === 'delete')
    return { kind: collection === POST ? 'post_delete' : 'repost_delete', timeUs, uri, did, rev: revision };
  if (operation === 'update')
    return { kind: 'ignored', timeUs, reason: collection === POST ? 'post_update' : 'other_collection' };
  if (operation !== 'create' || typeof record !== 'object' || record === null)
    return { kind: 'bad', reason: 'unknown_shape', timeUs };
  if (collection === REPOST) {
    const subject = (record as { subject?: { uri?: unknown } }).subject?.uri;
    if (typeof subject !== 'string') return { kind: 'bad', reason: 'unknown_shape', timeUs };
    return { kind: 'repost', timeUs, uri, did, rev: revision, subject };
  }
  const post = record as BlueskyPost;
  if (post.text !== undefined && typeof post.text !== 'string') return { kind: 'bad', reason: 'unknown_shape', timeUs };
  return { kind: 'post', timeUs, uri, did, rev: revision, post };
}

/** The language BuzzTracker files a post under: `en` when any of its langs is English (`en-US` is), else the first's primary subtag, `und` without any. */
export function postLanguage(langs: unknown): string {
  if (!Array.isArray(langs)) return 'und';
  const primaries = langs
    .filter((lang): lang is string => typeof lang === 'string')
    .map((lang) => lang.split('-')[0]!.toLowerCase())
    .filter((lang) => lang.length > 0);
  if (primaries.includes('en')) return 'en';
  return primaries[0] ?? 'und';
}

/** The text a facet points at: UTF-8 byte offsets, as the AT Protocol defines them. */
function facetText(text: string, start?: number, end?: number): string | undefined {
  if (start === undefined || end === undefined || start < 0 || end <= start) return undefined;
  const bytes = Buffer.from(text, 'utf8');
  if (end > bytes.length) return undefined;
  return bytes.subarray(start, end).toString('utf8');
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value.length > 0))];
}

/**
 * A post as a tweet document, with the fields Bluesky has: `id` is the post's at-uri, the time
 * is the server's `time_us`, hashtags come from tag facets and `tags`, mentions are the handles
 * that mention facets cover in the text (the facet gives a DID; the text shows the handle).
 */
export function postToDoc(
  event: Extract<JetstreamEvent, { kind: 'post' }>,
  score: SentimentScorer = sentimentOf,
): TweetDoc {
  const text = event.post.text ?? '';
  const hashtags: string[] = [...(event.post.tags ?? []).filter((tag) => typeof tag === 'string')];
  const mentions: string[] = [];
  for (const facet of event.post.facets ?? []) {
    for (const feature of facet.features ?? []) {
      if (feature.$type === 'app.bsky.richtext.facet#tag' && typeof feature.tag === 'string')
        hashtags.push(feature.tag);
      if (feature.$type === 'app.bsky.richtext.facet#mention') {
        const covered = facetText(text, facet.index?.byteStart, facet.index?.byteEnd);
        if (covered) mentions.push(covered.replace(/^@/, '').toLowerCase());
      }
    }
  }
  const embed = event.post.embed?.$type;
  const lang = postLanguage(event.post.langs);
  return {
    id: event.uri,
    created_at: new Date(Math.floor(event.timeUs / 1000)).toISOString(),
    text,
    text_norm: normalizeText(text),
    lang,
    is_retweet: false,
    is_quote: embed === 'app.bsky.embed.record' || embed === 'app.bsky.embed.recordWithMedia',
    is_reply: event.post.reply !== undefined,
    retweeted_id: null,
    user_id: event.did,
    user_screen_name: event.did,
    user_followers: 0,
    hashtags: unique(hashtags.map(normalizeTag)),
    mentions: unique(mentions),
    source: 'bluesky',
    sentiment: score(text, lang),
    near_duplicate_bands: nearDuplicateBands(text),
  };
}

/**
 * A repost as a tweet document: like a retweet, it carries the text, language and tags of the
 * post it reposts (`subject`), which must be known; the author is the reposter.
 */
export function repostToDoc(event: Extract<JetstreamEvent, { kind: 'repost' }>, subject: TweetDoc): TweetDoc {
  return {
    ...subject,
    id: event.uri,
    created_at: new Date(Math.floor(event.timeUs / 1000)).toISOString(),
    is_retweet: true,
    is_quote: false,
    is_reply: false,
    retweeted_id: subject.id,
    user_id: event.did,
    user_screen_name: event.did,
    user_followers: 0,
    near_duplicate_bands: '',
  };
}

/** The UTC day and hour (`YYYY-MM-DD`, `HH`) of a server time in microseconds. */
export function hourOfTimeUs(timeUs: number): { day: string; hour: string } {
  const iso = new Date(Math.floor(timeUs / 1000)).toISOString();
  return { day: iso.slice(0, 10), hour: iso.slice(11, 13) };
}
