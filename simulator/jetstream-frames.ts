import { atUri, recordCid, tid } from './atproto-ids';
import type { Random } from './random';

/**
 * Jetstream v1 frames other than posts and reposts: the events a BuzzTracker capture ignores
 * (other collections, identity, account) and the bad frames it must survive. Each builder gets
 * the event's server time and returns exactly the text of one WebSocket frame.
 */

export const POST = 'app.bsky.feed.post';
export const REPOST = 'app.bsky.feed.repost';

/** The largest frame a consumer should accept (64 KiB); an oversized frame is well past it. */
export const MAX_FRAME_BYTES = 64 * 1024;

export interface Actor {
  did: string;
  handle: string;
}

export interface RecordRef {
  uri: string;
  cid: string;
}

export function isoOfUs(timeUs: number): string {
  return new Date(Math.floor(timeUs / 1000)).toISOString();
}

/** The envelope of a commit event, keys in Jetstream's order. */
export function commitFrame(
  did: string,
  timeUs: number,
  commit: { rev: string; operation: 'create' | 'update' | 'delete'; collection: string; rkey: string },
  record?: object,
  cid?: string,
): string {
  const body = record === undefined ? commit : { ...commit, record, cid };
  return JSON.stringify({ did, time_us: timeUs, kind: 'commit', commit: body });
}

const OTHER_COLLECTIONS = { like: 70, unlike: 8, follow: 15, block: 3, profile: 4 } as const;

/** An event of a collection BuzzTracker does not capture: likes, follows, blocks, profiles. */
export function otherCollectionFrame(
  random: Random,
  actor: Actor,
  timeUs: number,
  subject: RecordRef,
  someone: Actor,
): string {
  const rev = tid(timeUs, random.int(1024));
  const createdAt = isoOfUs(timeUs - random.int(3_000_000));
  const kind = random.weighted(OTHER_COLLECTIONS);
  switch (kind) {
    case 'like':
      return commitFrame(
        actor.did,
        timeUs,
        { rev, operation: 'create', collection: 'app.bsky.feed.like', rkey: tid(timeUs, random.int(1024)) },
        { $type: 'app.bsky.feed.like', createdAt, subject },
        recordCid(random),
      );
    case 'unlike':
      return commitFrame(actor.did, timeUs, {
        rev,
        operation: 'delete',
        collection: 'app.bsky.feed.like',
        rkey: tid(timeUs - 1_000_000 * (60 + random.int(86_400)), random.int(1024)),
      });
    case 'follow':
    case 'block': {
      const collection = `app.bsky.graph.${kind}`;
      return commitFrame(
        actor.did,
        timeUs,
        { rev, operation: 'create', collection, rkey: tid(timeUs, random.int(1024)) },
        { $type: collection, createdAt, subject: someone.did },
        recordCid(random),
      );
    }
    case 'profile':
      return commitFrame(
        actor.did,
        timeUs,
        { rev, operation: 'update', collection: 'app.bsky.actor.profile', rkey: 'self' },
        { $type: 'app.bsky.actor.profile', displayName: actor.handle.split('.')[0], description: '🌙 she/her · café' },
        recordCid(random),
      );
  }
}

/** A handle change (or a re-verified handle): sent whatever collections a subscriber wants. */
export function identityFrame(actor: Actor, timeUs: number, seq: number): string {
  return JSON.stringify({
    did: actor.did,
    time_us: timeUs,
    kind: 'identity',
    identity: { did: actor.did, handle: actor.handle, seq, time: isoOfUs(timeUs) },
  });
}

/** An account's status: active again, or deactivated / taken down / deleted. */
export function accountFrame(random: Random, actor: Actor, timeUs: number, seq: number): string {
  const active = random.chance(0.6);
  const account = active
    ? { active, did: actor.did, seq, time: isoOfUs(timeUs) }
    : {
        active,
        did: actor.did,
        seq,
        time: isoOfUs(timeUs),
        status: random.pick(['deactivated', 'takendown', 'deleted']),
      };
  return JSON.stringify({ did: actor.did, time_us: timeUs, kind: 'account', account });
}

/**
 * A frame that is not JSON: a frame cut short, single-quoted keys, a stray closing brace.
 * `sample` is a well-formed frame to damage.
 */
export function invalidJsonFrame(random: Random, sample: string, timeUs: number, did: string): string {
  switch (random.int(3)) {
    case 0: {
      let cut = Math.floor(sample.length * (0.3 + 0.6 * random.next()));
      // Never split a surrogate pair: the frame must stay valid UTF-16 to be sent as text.
      if (/[\ud800-\udbff]/.test(sample[cut - 1] ?? '')) cut--;
      return sample.slice(0, cut);
    }
    case 1:
      return `{'did':'${did}','time_us':${timeUs},'kind':'commit'}`;
    default:
      return `${sample}}`;
  }
}

/**
 * A frame that is JSON but not a Jetstream event BuzzTracker can read, always on the post or
 * repost collections: no `commit` object, a commit without `rkey`, no `did`, a post created
 * without a record, or `time_us` as a string.
 */
export function unknownShapeFrame(random: Random, actor: Actor, timeUs: number): string {
  const rev = tid(timeUs, random.int(1024));
  const rkey = tid(timeUs, random.int(1024));
  switch (random.int(5)) {
    case 0:
      return JSON.stringify({ did: actor.did, time_us: timeUs, kind: 'commit' });
    case 1:
      return JSON.stringify({
        did: actor.did,
        time_us: timeUs,
        kind: 'commit',
        commit: { rev, operation: 'create', collection: REPOST, cid: recordCid(random) },
      });
    case 2:
      return JSON.stringify({
        time_us: timeUs,
        kind: 'commit',
        commit: { rev, operation: 'delete', collection: POST, rkey },
      });
    case 3:
      return JSON.stringify({
        did: actor.did,
        time_us: timeUs,
        kind: 'commit',
        commit: { rev, operation: 'create', collection: POST, rkey, cid: recordCid(random) },
      });
    default:
      return JSON.stringify({
        did: actor.did,
        time_us: String(timeUs),
        kind: 'commit',
        commit: { rev, operation: 'delete', collection: POST, rkey },
      });
  }
}

/** A post create far over MAX_FRAME_BYTES (66–90 KB): a consumer refuses it by size, unread. */
export function oversizedFrame(random: Random, actor: Actor, timeUs: number, words: readonly string[]): string {
  const target = MAX_FRAME_BYTES + 500 + random.int(24_000);
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    const word = random.pick(words);
    parts.push(word);
    length += Buffer.byteLength(word, 'utf8') + 1;
  }
  const rkey = tid(timeUs, random.int(1024));
  return commitFrame(
    actor.did,
    timeUs,
    { rev: tid(timeUs, random.int(1024)), operation: 'create', collection: POST, rkey },
    { $type: POST, createdAt: isoOfUs(timeUs), langs: ['en'], text: parts.join(' ') },
    recordCid(random),
  );
}

/** A record of a post or repost that the log never shows being created (made before it began). */
export function unknownRecord(random: Random, did: string, collection: string, beforeUs: number): RecordRef {
  const createdUs = beforeUs - 1_000_000 * (3_600 + random.int(200 * 86_400));
  return { uri: atUri(did, collection, tid(createdUs, random.int(1024))), cid: recordCid(random) };
}
