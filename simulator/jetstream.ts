import { DateTime } from 'luxon';
import { hourStartMs, type Day } from '../domain/days';
import { BuzzError } from '../domain/errors';
import { atUri, plcDid, recordCid, tid } from './atproto-ids';
import { ENGLISH_SHARE, LANG_CHOICES, PostWriter, isEnglish, type LangChoice, type PlantedText } from './bluesky-posts';
import { aggregatePhrases, type PhraseDayTruth, type ShowDayTruth } from './generator';
import {
  POST,
  REPOST,
  accountFrame,
  commitFrame,
  identityFrame,
  invalidJsonFrame,
  otherCollectionFrame,
  oversizedFrame,
  unknownRecord,
  unknownShapeFrame,
  type Actor,
  type RecordRef,
} from './jetstream-frames';
import type { JetstreamLogEntry } from './jetstream-log';
import { plantPhrase } from './launch-curve';
import { plantSentiment, type PlantedSentiment } from './planted-sentiment';
import { Random } from './random';
import { SAMPLE_SHOWS, type Phrase, type SampleShow } from './shows';
import { NAME_PARTS, WORDS } from './vocabulary';

/*
 * A deterministic Jetstream event log with exact ground truth, for the live (Bluesky) source
 * as simulator/generator.ts is for the Twitter archives. The same options give the same
 * frames, byte for byte.
 *
 * THE LOG. Frames in server order, each with its time_us, strictly increasing (no two frames
 * share a time_us). Per minute, about postsPerMinute / share(post) events (±20 %), each drawn
 * from EVENT_MIX; per 100 posts created about: 55 reposts, 8 post deletes, 1.5 post updates,
 * 3 repost deletes, 80 events of other collections, 2 identity, 1 account events, and 0.25
 * invalid JSON, 0.25 unknown-shape and 0.1 oversized frames.
 *
 * - Posts (app.bsky.feed.post, create): `text` of words of their language with emoji, accented
 *   words and CJK; `createdAt`, which the client declares: usually up to 4 s before time_us,
 *   but 3 % are backdated (1 day to 5 years), 2 % are ahead (up to 3 days), 1 % carry a time
 *   zone offset instead of Z; `langs` from LANG_CHOICES of bluesky-posts.ts (['en'], ['en-US'], ['ja'],
 *   ['es','en'], …, or none); tag, mention and link facets over UTF-8 byte ranges; `tags`
 *   sometimes; a reply (to a post of the log, or to one the log never showed) sometimes; an
 *   embed sometimes: images, a link card, or a quote (app.bsky.embed.record or
 *   recordWithMedia) of a post of the log or an unknown one. 3 % have an empty text (images
 *   only).
 * - Reposts (app.bsky.feed.repost, create) of earlier posts of the log (85 %; half of them of
 *   the last 300 posts, as reposts crowd around what is new) or of posts the log never showed.
 *   A post deleted earlier can still be reposted (the network does not stop it in time).
 * - Post deletes (operation delete, no record, no cid) of live posts of the log (60 %: each post
 *   is deleted at most once) or of posts the log never showed.
 * - Post updates (operation update, new record and cid) of live posts of the log: the update
 *   keeps the post's langs and its show phrase (if any) and rewrites the other words.
 * - Repost deletes (un-reposts) of live reposts of the log (75 %) or of unknown reposts.
 * - Other collections: likes and unlikes, follows, blocks, profile updates; identity events;
 *   account events.
 * - Bad frames: invalid JSON (cut short, single quotes, a stray brace), unknown shape (JSON on
 *   the post or repost collections that lacks `did`, `commit`, `rkey` or `record`, or has
 *   time_us as a string), oversized (a post create of 66–90 KB, far over 64 KiB). A bad frame
 *   is never in the first or last five minutes of its UTC hour, so the frames received around
 *   it place it in its hour even when it carries no readable time_us. Every bad frame is a
 *   distinct string.
 *
 * WHAT A CONSUMER MUST CONCLUDE, per UTC hour of time_us (`YYYY-MM-DDTHH`, never createdAt),
 * counted as generated (JetstreamHourTruth); it assumes the consumer reads the whole log from
 * its first frame, with no filter or with the post and repost collections:
 * - posts.created: post creates (empty texts included); posts.english: those whose langs hold
 *   a tag with primary subtag `en` (`en-US` is English; no langs is `und`), empty texts
 *   included; posts.empty_text: those whose text is "".
 * - post_updates: updates of posts (always of live posts of the log). They change no count
 *   below: a post counts by its created record.
 * - post_deletes.known / .unknown: deletes of a post of the log / of a post it never showed.
 *   english_deleted_by_deletes_of[H] on the hour of a post: its English posts that deletes of
 *   hour H removed.
 * - reposts.known_subject / .unknown_subject: reposts of a post of the log (deleted or not) /
 *   of a post it never showed.
 * - repost_deletes.known / .unknown: un-reposts of a repost of the log / of one it never showed.
 * - ignored.other_collection / .identity / .account: events of other collections (whatever the
 *   operation), identity and account events. A subscriber that wants only posts and reposts
 *   receives no other_collection events (identity and account events still come).
 * - bad.invalid_json / .unknown_shape / .oversized: as above; a bad frame counts only there.
 * - frames: all of the hour's frames; the counts above add up to it.
 *
 * BUZZ, per planted show, per day in the show's time zone and per UTC hour, of the time_us of
 * the post or repost, following the SPEC's Twitter rules:
 * - Show phrases are planted in English posts with a non-empty text, at most one per post,
 *   following each show's launch curve exactly as the Twitter generator does (rising in the days
 *   before launch, decaying after), as written and whole (nothing is put inside a phrase). In a
 *   phrase, `#word` gets a tag facet and `@name` a mention facet (one did per name), as the app
 *   makes them: hashtag and mention terms match through them. A phrase's terms are the
 *   sheet's: a phrase with no terms is planted but counts for nothing. 40 % of show posts and
 *   reposts are by a few hundred fans, so unique_authors is below tweets.
 * - tweets = original_tweets + retweets; original_tweets: posts carrying a matching phrase
 *   (quotes and replies count by their own text, never by the post they quote or answer);
 *   retweets: reposts whose subject is such a post of the log (the repost takes its subject's
 *   text, as a retweet carries its original's); a repost of an unknown post counts nowhere.
 * - Deletes, as the Twitter path applies delete notices: a deleted post counts nowhere, on no
 *   day; a deleted (un-reposted) repost counts nowhere; a repost made while its post was live
 *   still counts after the post is deleted, as retweets of a deleted tweet do. A repost made
 *   after its post was deleted counts nowhere: unlike a retweet, it does not carry the text.
 * - unique_authors: distinct dids among the counted posts and reposts of the day (or hour).
 */

export type Hour = string;

export interface JetstreamSampleOptions {
  /** First UTC hour of the log, `YYYY-MM-DDTHH`. */
  fromHour: Hour;
  hours: number;
  /** Mean post creates per minute (the whole network: about 1,400). */
  postsPerMinute: number;
  seed: number;
  /** Shows whose phrases are planted in English posts (default: the sample sheet's; see redateShows). */
  shows?: SampleShow[];
}

export interface JetstreamHourTruth {
  frames: number;
  first_time_us: number | null;
  last_time_us: number | null;
  posts: { created: number; english: number; empty_text: number };
  post_updates: number;
  post_deletes: { known: number; unknown: number };
  reposts: { known_subject: number; unknown_subject: number };
  repost_deletes: { known: number; unknown: number };
  ignored: { other_collection: number; identity: number; account: number };
  bad: { invalid_json: number; unknown_shape: number; oversized: number };
  /** English posts created in this hour that deletes removed, by the hour of the delete. */
  english_deleted_by_deletes_of: Record<Hour, number>;
}

export interface JetstreamTruth {
  hours: Record<Hour, JetstreamHourTruth>;
  /** Per show, per day in the show's time zone. */
  buzz: Record<string, Record<Day, ShowDayTruth>>;
  /** Per show, per UTC hour. */
  buzz_by_hour: Record<string, Record<Hour, ShowDayTruth>>;
  /** Per show, per day in its time zone, per planted phrase: the buzz of any terms the phrases match. */
  buzz_by_phrase: Record<string, Record<Day, Record<string, PhraseDayTruth>>>;
}

export interface JetstreamSample {
  frames: JetstreamLogEntry[];
  truth: JetstreamTruth;
}

type EventKind =
  | 'post'
  | 'repost'
  | 'post_delete'
  | 'post_update'
  | 'repost_delete'
  | 'other_collection'
  | 'identity'
  | 'account'
  | 'invalid_json'
  | 'unknown_shape'
  | 'oversized';

const EVENT_MIX: Record<EventKind, number> = {
  post: 100,
  repost: 55,
  post_delete: 8,
  post_update: 1.5,
  repost_delete: 3,
  other_collection: 80,
  identity: 2,
  account: 1,
  invalid_json: 0.25,
  unknown_shape: 0.25,
  oversized: 0.1,
};
const BAD: ReadonlySet<EventKind> = new Set(['invalid_json', 'unknown_shape', 'oversized']);
const REPOST_KNOWN = 0.85;
const POST_DELETE_KNOWN = 0.6;
const REPOST_DELETE_KNOWN = 0.75;
const EMPTY_TEXT_RATE = 0.03;
const USERS = 30_000;
/** The first users are the fans: they write a share of the show posts and reposts. */
const FANS = 400;
const FAN_RATE = 0.4;
/** Reposts that pick among the newest posts, and how many of those. */
const RECENT_REPOST_RATE = 0.5;
const RECENT_POSTS = 300;

const POST_SHARE = EVENT_MIX.post / Object.values(EVENT_MIX).reduce((sum, weight) => sum + weight, 0);
/** Of all posts, those a show phrase can be planted in. */
const PLANTABLE_SHARE = ENGLISH_SHARE * (1 - EMPTY_TEXT_RATE);
export function hourOfUs(timeUs: number): Hour {
  return new Date(Math.floor(timeUs / 1000)).toISOString().slice(0, 13);
}

/** An hour with nothing counted yet. */
export function emptyHour(): JetstreamHourTruth {
  return {
    frames: 0,
    first_time_us: null,
    last_time_us: null,
    posts: { created: 0, english: 0, empty_text: 0 },
    post_updates: 0,
    post_deletes: { known: 0, unknown: 0 },
    reposts: { known_subject: 0, unknown_subject: 0 },
    repost_deletes: { known: 0, unknown: 0 },
    ignored: { other_collection: 0, identity: 0, account: 0 },
    bad: { invalid_json: 0, unknown_shape: 0, oversized: 0 },
    english_deleted_by_deletes_of: {},
  };
}

interface Plant {
  show: SampleShow;
  phrase: Phrase;
  sentiment: PlantedSentiment;
}

function plantedText(plant: Plant | undefined): PlantedText | undefined {
  return plant && { phrase: plant.phrase.text, sentiment: plant.sentiment.text };
}

/** A post of the log. */
interface LoggedPost extends RecordRef {
  did: string;
  rkey: string;
  hour: Hour;
  english: boolean;
  lang: LangChoice;
  record: Record<string, unknown>;
  plant?: Plant;
  deleted?: boolean;
}

interface LoggedRepost {
  uri: string;
  did: string;
  rkey: string;
}

/** A counted post or repost of a show, until a delete removes it. */
interface PlantRecord extends Plant {
  timeUs: number;
  did: string;
  isRepost: boolean;
}

class JetstreamGenerator {
  private readonly random: Random;
  private readonly shows: SampleShow[];
  private readonly users: Actor[] = [];
  private readonly frames: JetstreamLogEntry[] = [];
  private readonly hours = new Map<Hour, JetstreamHourTruth>();
  private readonly posts: LoggedPost[] = [];
  /** Posts not deleted yet: deletes and updates pick among them. */
  private readonly livePosts: LoggedPost[] = [];
  private readonly liveReposts: LoggedRepost[] = [];
  private readonly planted = new Map<string, PlantRecord>();
  private seq: number;
  private readonly writer: PostWriter;

  constructor(private readonly options: JetstreamSampleOptions) {
    this.random = new Random(options.seed);
    this.shows = options.shows ?? SAMPLE_SHOWS;
    this.seq = 1_000_000_000 + this.random.int(1_000_000_000);
    this.writer = new PostWriter({
      random: this.random,
      user: () => this.user(),
      mentionDid: (name) => this.mentionDid(name),
      target: (timeUs) => this.target(POST, timeUs, 0.8),
    });
  }

  private user(): Actor {
    return this.userAt(this.random.int(USERS));
  }

  /** Fans post and repost about their show again and again: unique authors are fewer than tweets. */
  private fan(): Actor {
    return this.userAt(this.random.int(FANS));
  }

  private userAt(index: number): Actor {
    return (this.users[index] ??= this.makeUser(index));
  }

  private makeUser(index: number): Actor {
    const random = new Random(this.options.seed ^ Math.imul(index + 1, 2654435761));
    return { did: plcDid(random), handle: `${random.pick(NAME_PARTS)}${random.word()}${index}.bsky.social` };
  }

  /** The account a show's `@name` mentions: the same did for the same name. */
  private mentionDid(name: string): string {
    let hash = 2166136261;
    for (const char of name.toLowerCase()) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619);
    return plcDid(new Random(hash));
  }

  private hourTruth(hour: Hour): JetstreamHourTruth {
    let truth = this.hours.get(hour);
    if (!truth) this.hours.set(hour, (truth = emptyHour()));
    return truth;
  }

  private emit(timeUs: number, frame: string): void {
    this.frames.push({ time_us: timeUs, frame });
    const truth = this.hourTruth(hourOfUs(timeUs));
    truth.frames++;
    truth.first_time_us ??= timeUs;
    truth.last_time_us = timeUs;
  }

  /** Like the Twitter generator: at most one phrase per plantable post, on each show's launch curve. */
  private plantFor(timeUs: number): Plant | undefined {
    const planted = plantPhrase(
      this.random,
      this.shows,
      Math.floor(timeUs / 1000),
      this.options.postsPerMinute * PLANTABLE_SHARE,
    );
    return planted && { ...planted, sentiment: plantSentiment(this.options.seed, timeUs % 4294967291) };
  }

  /** A post of the log, or an unknown one (the log never showed it). */
  private target(collection: string, timeUs: number, knownRate: number): RecordRef {
    if (this.posts.length > 0 && this.random.chance(knownRate)) {
      const post = this.random.pick(this.posts);
      return { uri: post.uri, cid: post.cid };
    }
    return unknownRecord(this.random, this.user().did, collection, timeUs);
  }

  private post(timeUs: number): void {
    const lang = this.writer.pickLang();
    const english = isEnglish(lang.langs);
    const empty = this.random.chance(EMPTY_TEXT_RATE);
    const plant = english && !empty ? this.plantFor(timeUs) : undefined;
    const actor = plant && this.random.chance(FAN_RATE) ? this.fan() : this.user();
    const record = this.writer.record(timeUs, lang, empty, plantedText(plant));
    const rkey = tid(timeUs, this.random.int(1024));
    const cid = recordCid(this.random);
    const rev = tid(timeUs, this.random.int(1024));
    this.emit(
      timeUs,
      commitFrame(actor.did, timeUs, { rev, operation: 'create', collection: POST, rkey }, record, cid),
    );
    const hour = hourOfUs(timeUs);
    const post: LoggedPost = {
      uri: atUri(actor.did, POST, rkey),
      cid,
      did: actor.did,
      rkey,
      hour,
      english,
      lang,
      record,
      plant,
    };
    this.posts.push(post);
    this.livePosts.push(post);
    const truth = this.hourTruth(hour);
    truth.posts.created++;
    if (english) truth.posts.english++;
    if (empty) truth.posts.empty_text++;
    if (plant) this.planted.set(post.uri, { ...plant, timeUs, did: actor.did, isRepost: false });
  }

  private repost(timeUs: number): void {
    const truth = this.hourTruth(hourOfUs(timeUs));
    let subject: RecordRef;
    let known: LoggedPost | undefined;
    if (this.posts.length > 0 && this.random.chance(REPOST_KNOWN)) {
      known = this.random.chance(RECENT_REPOST_RATE)
        ? this.posts[this.posts.length - 1 - this.random.int(Math.min(RECENT_POSTS, this.posts.length))]!
        : this.random.pick(this.posts);
      subject = { uri: known.uri, cid: known.cid };
      truth.reposts.known_subject++;
    } else {
      subject = unknownRecord(this.random, this.user().did, POST, timeUs);
      truth.reposts.unknown_subject++;
    }
    const countable = known?.plant && !known.deleted ? known.plant : undefined;
    const actor = countable && this.random.chance(FAN_RATE) ? this.fan() : this.user();
    const rkey = tid(timeUs, this.random.int(1024));
    const record = { $type: REPOST, createdAt: this.writer.createdAt(timeUs), subject };
    const rev = tid(timeUs, this.random.int(1024));
    this.emit(
      timeUs,
      commitFrame(
        actor.did,
        timeUs,
        { rev, operation: 'create', collection: REPOST, rkey },
        record,
        recordCid(this.random),
      ),
    );
    const uri = atUri(actor.did, REPOST, rkey);
    this.liveReposts.push({ uri, did: actor.did, rkey });
    if (countable) this.planted.set(uri, { ...countable, timeUs, did: actor.did, isRepost: true });
  }

  /** Takes a random element out of a list (order does not matter: swap with the last). */
  private takeRandom<T>(list: T[]): T {
    const index = this.random.int(list.length);
    const taken = list[index]!;
    list[index] = list[list.length - 1]!;
    list.pop();
    return taken;
  }

  private postDelete(timeUs: number): void {
    const hour = hourOfUs(timeUs);
    const truth = this.hourTruth(hour);
    const known =
      this.livePosts.length > 0 && this.random.chance(POST_DELETE_KNOWN) ? this.takeRandom(this.livePosts) : undefined;
    if (known) {
      known.deleted = true;
      this.planted.delete(known.uri);
      truth.post_deletes.known++;
      if (known.english) {
        const byHour = this.hourTruth(known.hour).english_deleted_by_deletes_of;
        byHour[hour] = (byHour[hour] ?? 0) + 1;
      }
    } else truth.post_deletes.unknown++;
    this.emitDelete(timeUs, POST, known);
  }

  /** Emits the delete of a record the log showed, or of one it never did (created before it began). */
  private emitDelete(timeUs: number, collection: string, known: { did: string; rkey: string } | undefined): void {
    const did = known?.did ?? this.user().did;
    const rkey = known?.rkey ?? unknownRecord(this.random, did, collection, timeUs).uri.split('/').pop()!;
    const rev = tid(timeUs, this.random.int(1024));
    this.emit(timeUs, commitFrame(did, timeUs, { rev, operation: 'delete', collection, rkey }));
  }

  private postUpdate(timeUs: number): boolean {
    if (this.livePosts.length === 0) return false;
    const post = this.random.pick(this.livePosts);
    const record = { ...post.record };
    if (record.text !== '') {
      const { text, facets } = this.writer.text(post.lang, plantedText(post.plant));
      record.text = text;
      if (facets.length > 0) record.facets = facets;
      else delete record.facets;
    }
    post.record = record;
    post.cid = recordCid(this.random);
    const rev = tid(timeUs, this.random.int(1024));
    this.emit(
      timeUs,
      commitFrame(post.did, timeUs, { rev, operation: 'update', collection: POST, rkey: post.rkey }, record, post.cid),
    );
    this.hourTruth(hourOfUs(timeUs)).post_updates++;
    return true;
  }

  private repostDelete(timeUs: number): void {
    const truth = this.hourTruth(hourOfUs(timeUs));
    const known =
      this.liveReposts.length > 0 && this.random.chance(REPOST_DELETE_KNOWN)
        ? this.takeRandom(this.liveReposts)
        : undefined;
    if (known) {
      this.planted.delete(known.uri);
      truth.repost_deletes.known++;
    } else truth.repost_deletes.unknown++;
    this.emitDelete(timeUs, REPOST, known);
  }

  /** A post frame that is never emitted: the material of invalid JSON. */
  private throwawayPost(timeUs: number): string {
    const record = this.writer.record(timeUs, LANG_CHOICES[0]!, false, undefined);
    const rkey = tid(timeUs, this.random.int(1024));
    const rev = tid(timeUs, this.random.int(1024));
    return commitFrame(
      this.user().did,
      timeUs,
      { rev, operation: 'create', collection: POST, rkey },
      record,
      recordCid(this.random),
    );
  }

  private event(kind: EventKind, timeUs: number): void {
    const truth = (): JetstreamHourTruth => this.hourTruth(hourOfUs(timeUs));
    switch (kind) {
      case 'post':
        return this.post(timeUs);
      case 'repost':
        return this.repost(timeUs);
      case 'post_delete':
        return this.postDelete(timeUs);
      case 'post_update':
        // Nothing to update yet: a post instead.
        if (!this.postUpdate(timeUs)) this.post(timeUs);
        return;
      case 'repost_delete':
        return this.repostDelete(timeUs);
      case 'other_collection': {
        const frame = otherCollectionFrame(
          this.random,
          this.user(),
          timeUs,
          this.target(POST, timeUs, 0.8),
          this.user(),
        );
        this.emit(timeUs, frame);
        truth().ignored.other_collection++;
        return;
      }
      case 'identity':
        this.emit(timeUs, identityFrame(this.user(), timeUs, this.seq++));
        truth().ignored.identity++;
        return;
      case 'account':
        this.emit(timeUs, accountFrame(this.random, this.user(), timeUs, this.seq++));
        truth().ignored.account++;
        return;
      case 'invalid_json':
        this.emit(timeUs, invalidJsonFrame(this.random, this.throwawayPost(timeUs), timeUs, this.user().did));
        truth().bad.invalid_json++;
        return;
      case 'unknown_shape':
        this.emit(timeUs, unknownShapeFrame(this.random, this.user(), timeUs));
        truth().bad.unknown_shape++;
        return;
      case 'oversized':
        this.emit(timeUs, oversizedFrame(this.random, this.user(), timeUs, WORDS.en!));
        truth().bad.oversized++;
        return;
    }
  }

  generate(): JetstreamSample {
    const start = hourStartMs(this.options.fromHour);
    const perMinute = this.options.postsPerMinute / POST_SHARE;
    for (let minute = 0; minute < this.options.hours * 60; minute++) {
      const minuteUs = (start + minute * 60_000) * 1000;
      this.hourTruth(hourOfUs(minuteUs));
      const count = Math.max(1, Math.round(perMinute * (0.8 + 0.4 * this.random.next())));
      // Distinct, increasing times within the minute: sorted draws, each pushed past the one before.
      const offsets = Array.from({ length: count }, () => this.random.int(60_000_000 - count)).sort((a, b) => a - b);
      const badAllowed = minute % 60 >= 5 && minute % 60 < 55;
      offsets.forEach((offset, i) => {
        let kind = this.random.weighted(EVENT_MIX);
        while (!badAllowed && BAD.has(kind)) kind = this.random.weighted(EVENT_MIX);
        this.event(kind, minuteUs + offset + i);
      });
    }
    return { frames: this.frames, truth: this.truth() };
  }

  private truth(): JetstreamTruth {
    const byPhrase: JetstreamTruth['buzz_by_phrase'] = {};
    const byHourPhrase: Record<string, Record<Hour, Record<string, PhraseDayTruth>>> = {};
    for (const show of this.shows) {
      byPhrase[show.show_key] = {};
      byHourPhrase[show.show_key] = {};
    }
    const add = (table: Record<string, Record<string, PhraseDayTruth>>, key: string, record: PlantRecord): void => {
      const entry = ((table[key] ??= {})[record.phrase.text] ??= {
        tweets: 0,
        original_tweets: 0,
        retweets: 0,
        sentiment: { positive: 0, neutral: 0, negative: 0 },
        authors: [],
      });
      entry.tweets++;
      entry.sentiment[record.sentiment.label]++;
      if (record.isRepost) entry.retweets++;
      else entry.original_tweets++;
      if (!entry.authors.includes(record.did)) entry.authors.push(record.did);
    };
    for (const record of this.planted.values()) {
      const ms = Math.floor(record.timeUs / 1000);
      const day = DateTime.fromMillis(ms, { zone: record.show.row.timezone || 'UTC' }).toISODate()!;
      add(byPhrase[record.show.show_key]!, day, record);
      add(byHourPhrase[record.show.show_key]!, hourOfUs(record.timeUs), record);
    }
    const aggregate = (table: Record<string, Record<string, Record<string, PhraseDayTruth>>>) =>
      Object.fromEntries(
        this.shows.map((show) => {
          const terms = new Map(show.phrases.map((phrase) => [phrase.text, phrase.terms]));
          return [show.show_key, aggregatePhrases(table[show.show_key]!, (text) => terms.get(text) ?? [])];
        }),
      );
    return {
      hours: Object.fromEntries(this.hours),
      buzz: aggregate(byPhrase),
      buzz_by_hour: aggregate(byHourPhrase),
      buzz_by_phrase: byPhrase,
    };
  }
}

/** Generates a Jetstream log of `hours` hours from `fromHour`, and what a consumer must conclude from it. */
export function generateJetstreamSample(options: JetstreamSampleOptions): JetstreamSample {
  if (!Number.isInteger(options.hours) || options.hours < 1)
    throw new BuzzError('bad_input', `hours ${options.hours}: expected a whole number of 1 or more`);
  if (!(options.postsPerMinute > 0))
    throw new BuzzError('bad_input', `posts per minute ${options.postsPerMinute}: expected more than 0`);
  return new JetstreamGenerator(options).generate();
}
