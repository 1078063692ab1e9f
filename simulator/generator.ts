import { DateTime } from 'luxon';
import { authorFrequencies } from '../domain/author-estimates';
import { addDays, dayStartMs, type Day } from '../domain/days';
import type { IngestCounts } from '../domain/ingest-counts';
import { noMalformed, noNotices, type NoticeKind } from '../domain/stream-lines';
import { SAMPLE_MILLISECONDS, SAMPLE_RATE } from '../domain/sample-check';
import { snowflakeId } from '../domain/snowflake';
import { plantPhrase } from './launch-curve';
import { Random } from './random';
import {
  buildRetweet,
  buildStatus,
  makeUser,
  statusJson,
  type SampleUser,
  type StatusObject,
  type StatusSpec,
} from './statuses';
import { SAMPLE_SHOWS, type Phrase, type SampleShow } from './shows';
import { LANGUAGE_MIX, WORDS } from './vocabulary';
import { SENTIMENT_LABELS, type SentimentLabel } from '../domain/sentiment';
import { filler, plantSentiment, type PlantedSentiment } from './planted-sentiment';

export interface SampleOptions {
  seed: number;
  /** Average lines per one-minute member (a real day has about 2,800). */
  linesPerMinute: number;
  /** Hours of the day to generate (default all 24). */
  hours?: number[];
  /**
   * Status ids follow the public sample's rule, a millisecond in 657–666 (default true); false
   * writes an archive that is not the 1% sample (another stream, a filtered archive).
   */
  sampleRule?: boolean;
  /** Shows whose phrases are planted in English tweets (default: the sample sheet's). */
  shows?: SampleShow[];
  /**
   * Also draw the whole population each show-day's kept tweets were sampled from, and give its
   * counts in `buzzTruth()` (default false): what the estimates of all tweets are checked against.
   */
  population?: boolean;
}

/** A show-day's whole population of matching tweets, of which the archive holds the 1% sample. */
export interface PopulationTruth {
  tweets: number;
  original_tweets: number;
  retweets: number;
  unique_authors: number;
}

/** A show's buzz on one day (in the show's time zone), by construction of the data. */
export interface ShowDayTruth {
  tweets: number;
  original_tweets: number;
  retweets: number;
  unique_authors: number;
  /**
   * Authors who posted j of these tweets, at index j (index 0 unused): what the authors estimate
   * reads. Of the archive's tweets, whose phrases know each author's posts.
   */
  author_frequencies?: number[];
  terms: Record<string, number>;
  /** The tweets of each planted polarity (all planted tweets are English, so all are scored). */
  sentiment: SentimentCounts;
  /** With the `population` option. */
  population?: PopulationTruth;
}

export type SentimentCounts = Record<SentimentLabel, number>;

const noSentiment = (): SentimentCounts => ({ positive: 0, neutral: 0, negative: 0 });

/** Planted tweets of one phrase on one day. */
export interface PhraseDayTruth {
  tweets: number;
  original_tweets: number;
  retweets: number;
  sentiment: SentimentCounts;
  authors: string[];
  /** Each author's tweets of the phrase that day. */
  posts_by_author?: Record<string, number>;
}

/**
 * A show's buzz per day from its planted phrases, given the terms each phrase matches (none:
 * the tweet does not count).
 */
export function aggregatePhrases(
  byDay: Record<Day, Record<string, PhraseDayTruth>>,
  termsOf: (phrase: string) => string[],
): Record<Day, ShowDayTruth> {
  const result: Record<Day, ShowDayTruth> = {};
  for (const [day, byPhrase] of Object.entries(byDay)) {
    const authors = new Set<string>();
    const posts = new Map<string, number>();
    const entry: ShowDayTruth = {
      tweets: 0,
      original_tweets: 0,
      retweets: 0,
      unique_authors: 0,
      terms: {},
      sentiment: noSentiment(),
    };
    for (const [phrase, counts] of Object.entries(byPhrase)) {
      const terms = termsOf(phrase);
      if (terms.length === 0) continue;
      entry.tweets += counts.tweets;
      entry.original_tweets += counts.original_tweets;
      entry.retweets += counts.retweets;
      for (const label of SENTIMENT_LABELS) entry.sentiment[label] += counts.sentiment[label];
      counts.authors.forEach((author) => authors.add(author));
      for (const [author, n] of Object.entries(counts.posts_by_author ?? {}))
        posts.set(author, (posts.get(author) ?? 0) + n);
      for (const term of terms) entry.terms[term] = (entry.terms[term] ?? 0) + counts.tweets;
    }
    entry.unique_authors = authors.size;
    if (posts.size > 0) entry.author_frequencies = authorFrequencies(posts.values());
    if (entry.tweets > 0) result[day] = entry;
  }
  return result;
}

/** The day of a planted tweet in its show's time zone. */
function showDayOf(record: PlantRecord): Day {
  return DateTime.fromMillis(record.timeMs, { zone: record.show.row.timezone || 'UTC' }).toISODate()!;
}

/** A show phrase planted in an original, with the polarity planted beside it (its retweets share both). */
interface Plant {
  show: SampleShow;
  phrase: Phrase;
  sentiment: PlantedSentiment;
}

interface PlantRecord extends Plant {
  timeMs: number;
  isRetweet: boolean;
  userId: string;
}

/** What a member holds, counted as ingestion must count it. */
export interface MemberTruth {
  lines: number;
  statuses: number;
  en: number;
  notices: number;
  malformed: number;
}

/** What ingestion must count for a generated day: the manifest's counts it has, and more. */
export interface DayTruth extends Pick<
  IngestCounts,
  'members' | 'lines' | 'statuses' | 'notices' | 'notices_by_kind' | 'malformed' | 'malformed_by_reason'
> {
  day: Day;
  statuses_by_lang: Record<string, number>;
  /** English statuses of this day removed by delete notices, by the day of the notice. */
  en_deleted_by_notices_of: Record<Day, number>;
  /** Per member "HH/MM". */
  per_member: Record<string, MemberTruth>;
}

export interface GeneratedMember {
  /** The member's path in the archive: YYYY/MM/DD/HH/MM.json.bz2. */
  name: string;
  /** The member's JSON lines, as bytes to compress. */
  content: string;
}

type LineKind = 'status' | Exclude<NoticeKind, 'other'> | 'invalid_json' | 'unknown_shape';

const LINE_MIX: Record<LineKind, number> = {
  status: 62,
  delete: 35,
  limit: 1,
  status_withheld: 0.3,
  user_withheld: 0.2,
  scrub_geo: 0.2,
  invalid_json: 0.05,
  unknown_shape: 0.05,
};
const STATUS_KIND = { original: 30, retweet: 45, reply: 18, quote: 7 } as const;

/** A key's share of a mix of weights. */
function share<K extends string>(mix: Record<K, number>, key: K): number {
  return mix[key] / Object.values<number>(mix).reduce((sum, weight) => sum + weight, 0);
}

/** Of all lines, those a show phrase can be planted in: English statuses that are not retweets. */
const PLANTABLE_SHARE = share(LINE_MIX, 'status') * (1 - share(STATUS_KIND, 'retweet')) * share(LANGUAGE_MIX, 'en');
const TRUNCATED_MEMBER_RATE = 0.05;
const LONG_TEXT_RATE = 0.2;
const DELETE_HITS_GENERATED = 0.3;
const USERS = 50_000;
/** Statuses that later ones retweet, quote or answer: a wide pool, as a minute of the real stream rarely repeats one. */
const ORIGINALS = 50_000;

/**
 * The tweets the sample did not keep between one it kept and the kept one before: the sample keeps
 * each tweet with probability p independently, so their number is geometric, of mean (1 − p) / p.
 */
function unkeptBefore(random: Random): number {
  return Math.floor(Math.log(1 - random.next()) / Math.log(1 - SAMPLE_RATE));
}

interface Generated {
  id: string;
  day: Day;
  en: boolean;
}

/**
 * A deterministic generator of Twitter Stream Grab days with exact ground truth. One instance
 * generates consecutive days; delete notices may remove statuses of earlier generated days.
 */
export class SampleGenerator {
  private readonly random: Random;
  private readonly users: SampleUser[] = [];
  private readonly originals: StatusObject[] = [];
  private readonly deletable: Generated[] = [];
  readonly truth = new Map<Day, DayTruth>();
  private sequence = 0;
  /** Planted statuses still alive (a delete notice removes them), by id. */
  private readonly planted = new Map<string, PlantRecord>();
  /** The phrase of each planted original, for its retweets (kept when the original is deleted). */
  private readonly originalPlants = new Map<string, Plant>();
  private readonly shows: SampleShow[];

  constructor(private readonly options: SampleOptions) {
    this.random = new Random(options.seed);
    this.shows = options.shows ?? SAMPLE_SHOWS;
  }

  private user(index = this.random.int(USERS)): SampleUser {
    return (this.users[index] ??= makeUser(new Random(this.options.seed ^ (index * 2654435761)), index));
  }

  /** Random words of a language; `neutral`: none that the sentiment scorer reads, with as many draws. */
  private text(lang: string, minWords: number, neutral = false): string {
    const fill = filler(neutral);
    const words = neutral ? fill.en : (WORDS[lang] ?? WORDS.en!);
    const count = minWords + this.random.int(14);
    const latin = lang !== 'ja' && lang !== 'th' && lang !== 'ko' && lang !== 'ar' && lang !== 'ru' && lang !== 'und';
    const picked = Array.from({ length: count }, () =>
      latin && this.random.chance(0.6) ? fill.word(this.random.word()) : this.random.pick(words),
    );
    if (this.random.chance(0.3)) picked.push(this.random.pick(fill.emoji));
    if (lang !== 'ja' && lang !== 'th' && this.random.chance(0.15)) picked.push(`#${this.random.pick(fill.en)}`);
    if (this.random.chance(0.4)) picked.push(`https://t.co/${this.random.alnum(10)}`);
    return picked.join(lang === 'ja' || lang === 'th' ? '' : ' ');
  }

  private truthOf(day: Day): DayTruth {
    let truth = this.truth.get(day);
    if (!truth) {
      truth = {
        day,
        members: 0,
        lines: 0,
        statuses: 0,
        statuses_by_lang: {},
        notices: 0,
        notices_by_kind: noNotices(),
        malformed: 0,
        malformed_by_reason: noMalformed(),
        en_deleted_by_notices_of: {},
        per_member: {},
      };
      this.truth.set(day, truth);
    }
    return truth;
  }

  private plantFor(timeMs: number, id: string): Plant | undefined {
    // English originals, replies and quotes per minute, to turn a per-minute rate into a chance.
    const planted = plantPhrase(this.random, this.shows, timeMs, this.options.linesPerMinute * PLANTABLE_SHARE);
    return planted && { ...planted, sentiment: plantSentiment(this.options.seed, Number(BigInt(id) % 4294967291n)) };
  }

  /** Neutral filler around the show's phrase, then the planted polarity's phrase (domain/sentiment.ts reads nothing else). */
  private plantedText(plant: Plant, long: boolean): string {
    const { phrase, sentiment } = plant;
    let text: string;
    if (phrase.extendedOnly) text = `${this.text('en', 40, true)} ${phrase.text}`;
    else {
      const words = this.text('en', long ? 40 : 8, true).split(' ');
      words.splice(this.random.int(words.length + 1), 0, phrase.text);
      text = words.join(' ');
    }
    return sentiment.text ? `${text} ${sentiment.text}` : text;
  }

  /**
   * A new status (original, retweet, reply or quote) as the stream carries it. A status that
   * will not be ingested whole (cut off at a member's end) is not recorded anywhere.
   */
  private makeStatus(lineMs: number, recorded = true): { id: string; lang: string; json: string } {
    // Within the same second, so that the sample's rule changes nothing else that was generated.
    const timeMs =
      this.options.sampleRule === false ? lineMs : lineMs - (lineMs % 1000) + SAMPLE_MILLISECONDS.from + (lineMs % 10);
    const id = snowflakeId(timeMs, this.sequence++);
    const user = this.user();
    const kind = this.random.weighted(STATUS_KIND);
    const earlier = this.originals.length > 0 ? this.random.pick(this.originals) : undefined;
    let status: StatusObject;
    let plant: Plant | undefined;
    if (kind === 'retweet' && earlier) {
      status = buildRetweet(this.random, { id, timeMs, user }, earlier);
      plant = this.originalPlants.get(earlier.id_str);
    } else {
      const lang = this.random.weighted(LANGUAGE_MIX);
      const long = this.random.chance(LONG_TEXT_RATE);
      plant = lang === 'en' ? this.plantFor(timeMs, id) : undefined;
      let text = plant ? this.plantedText(plant, long) : this.text(lang, long ? 40 : 8);
      let reply: StatusSpec['reply'];
      if (kind === 'reply' && earlier) {
        const author = earlier.user as { id_str: string; screen_name: string };
        reply = { id: earlier.id_str, user: { ...user, id: author.id_str, screen_name: author.screen_name } };
        text = `@${author.screen_name} ${text}`;
      }
      status = buildStatus(this.random, {
        id,
        timeMs,
        lang,
        text,
        user,
        reply,
        quoted: kind === 'quote' ? earlier : undefined,
      });
      if (kind === 'original' && recorded) {
        if (this.originals.length >= ORIGINALS) this.originals[this.random.int(ORIGINALS)] = status;
        else this.originals.push(status);
        if (plant) this.originalPlants.set(id, plant);
      }
    }
    if (plant && recorded)
      this.planted.set(id, {
        ...plant,
        timeMs,
        isRetweet: kind === 'retweet' && earlier !== undefined,
        userId: user.id,
      });
    return { id, lang: status.lang as string, json: statusJson(status) };
  }

  /**
   * Each show's planted tweets per day in its time zone and per phrase, after the delete notices
   * of every generated day: enough to know the buzz of any terms those phrases match.
   */
  buzzByPhrase(): Record<string, Record<Day, Record<string, PhraseDayTruth>>> {
    const result: Record<string, Record<Day, Record<string, PhraseDayTruth>>> = {};
    for (const show of this.shows) result[show.show_key] = {};
    for (const record of this.planted.values()) {
      const day = showDayOf(record);
      const byPhrase = (result[record.show.show_key]![day] ??= {});
      const entry = (byPhrase[record.phrase.text] ??= {
        tweets: 0,
        original_tweets: 0,
        retweets: 0,
        sentiment: noSentiment(),
        authors: [],
        posts_by_author: {},
      });
      entry.tweets++;
      entry.sentiment[record.sentiment.label]++;
      entry.posts_by_author![record.userId] = (entry.posts_by_author![record.userId] ?? 0) + 1;
      if (record.isRetweet) entry.retweets++;
      else entry.original_tweets++;
      if (!entry.authors.includes(record.userId)) entry.authors.push(record.userId);
    }
    return result;
  }

  /** Each show's buzz per day in its time zone, for the terms of the sample sheet. */
  buzzTruth(): Record<string, Record<Day, ShowDayTruth>> {
    const byPhrase = this.buzzByPhrase();
    const population = this.options.population ? this.populationTruth() : undefined;
    return Object.fromEntries(
      this.shows.map((show) => {
        const terms = new Map(show.phrases.map((phrase) => [phrase.text, phrase.terms]));
        const byDay = aggregatePhrases(byPhrase[show.show_key]!, (text) => terms.get(text) ?? []);
        for (const [day, truth] of Object.entries(byDay)) truth.population = population?.get(show)?.get(day);
        return [show.show_key, byDay];
      }),
    );
  }

  /**
   * Each show-day's population behind its kept matching tweets (the sheet's terms): every kept
   * tweet stands for itself and the unkept ones before it, of the same kind, by authors drawn as
   * the kept tweets' are. Drawn from each kept tweet's id, so the archive is the same with or
   * without it.
   */
  private populationTruth(): Map<SampleShow, Map<Day, PopulationTruth>> {
    const tally = new Map<SampleShow, Map<Day, Omit<PopulationTruth, 'unique_authors'> & { authors: Set<string> }>>();
    for (const [id, record] of this.planted) {
      if (record.phrase.terms.length === 0) continue;
      const byDay = tally.get(record.show) ?? tally.set(record.show, new Map()).get(record.show)!;
      const day = showDayOf(record);
      const entry = byDay.get(day) ?? { tweets: 0, original_tweets: 0, retweets: 0, authors: new Set<string>() };
      byDay.set(day, entry);
      const random = new Random(this.options.seed ^ Number(BigInt(id) % 4294967291n));
      const tweets = 1 + unkeptBefore(random);
      entry.tweets += tweets;
      if (record.isRetweet) entry.retweets += tweets;
      else entry.original_tweets += tweets;
      entry.authors.add(record.userId);
      for (let i = 1; i < tweets; i++) entry.authors.add(this.user(random.int(USERS)).id);
    }
    return new Map(
      [...tally].map(([show, byDay]) => [
        show,
        new Map([...byDay].map(([day, { authors, ...counts }]) => [day, { ...counts, unique_authors: authors.size }])),
      ]),
    );
  }

  private deleteNotice(timeMs: number, day: Day): string {
    let id: string;
    let userId = String(1_000_000 + this.random.int(USERS) * 7919);
    if (this.deletable.length > 0 && this.random.chance(DELETE_HITS_GENERATED)) {
      const index = this.random.int(this.deletable.length);
      const target = this.deletable[index]!;
      this.deletable[index] = this.deletable[this.deletable.length - 1]!;
      this.deletable.pop();
      id = target.id;
      userId = '0';
      this.planted.delete(id);
      if (target.en) {
        const byDay = this.truthOf(target.day).en_deleted_by_notices_of;
        byDay[day] = (byDay[day] ?? 0) + 1;
      }
    } else {
      // A status from before the archive (most deletes in the real stream are of those).
      id = snowflakeId(timeMs - 86_400_000 * (1 + this.random.int(300)), this.random.int(4096));
    }
    return statusJson({
      delete: {
        status: { id: `@@id@@${id}`, id_str: id, user_id: `@@id@@${userId}`, user_id_str: userId },
        timestamp_ms: String(timeMs),
      },
    });
  }

  private line(kind: LineKind, timeMs: number, day: Day, member: MemberTruth): string {
    const truth = this.truthOf(day);
    if (kind === 'status') {
      const status = this.makeStatus(timeMs);
      truth.statuses++;
      truth.statuses_by_lang[status.lang] = (truth.statuses_by_lang[status.lang] ?? 0) + 1;
      member.statuses++;
      if (status.lang === 'en') member.en++;
      this.deletable.push({ id: status.id, day, en: status.lang === 'en' });
      return status.json;
    }
    if (kind === 'invalid_json' || kind === 'unknown_shape') {
      truth.malformed++;
      truth.malformed_by_reason[kind]++;
      member.malformed++;
      return kind === 'invalid_json'
        ? `{"created_at":"${new Date(timeMs).toUTCString()}","id":${timeMs},"text":"garbled \\u00`
        : JSON.stringify({ unexpected: { shape: true }, timestamp_ms: String(timeMs) });
    }
    truth.notices++;
    truth.notices_by_kind[kind]++;
    member.notices++;
    switch (kind) {
      case 'delete':
        return this.deleteNotice(timeMs, day);
      case 'limit':
        return JSON.stringify({ limit: { track: this.random.int(5000), timestamp_ms: String(timeMs) } });
      case 'status_withheld':
        return JSON.stringify({
          status_withheld: { id: this.random.int(1e9), user_id: this.random.int(1e9), withheld_in_countries: ['DE'] },
        });
      case 'user_withheld':
        return JSON.stringify({ user_withheld: { id: this.random.int(1e9), withheld_in_countries: ['TR'] } });
      case 'scrub_geo':
        return JSON.stringify({ scrub_geo: { user_id: this.random.int(1e9), up_to_status_id: this.random.int(1e9) } });
    }
  }

  /** The members of one day, in archive order: of every hour of the options, or of these `hours` only. */
  *day(day: Day, hours = this.options.hours): Generator<GeneratedMember> {
    const [y, m, d] = day.split('-');
    const start = dayStartMs(day);
    const truth = this.truthOf(day);
    for (const hour of hours ?? Array.from({ length: 24 }, (_, h) => h)) {
      for (let minute = 0; minute < 60; minute++) {
        const hh = String(hour).padStart(2, '0');
        const mm = String(minute).padStart(2, '0');
        const member: MemberTruth = { lines: 0, statuses: 0, en: 0, notices: 0, malformed: 0 };
        const count = Math.max(1, Math.round(this.options.linesPerMinute * (0.8 + 0.4 * this.random.next())));
        const minuteStart = start + (hour * 60 + minute) * 60_000;
        const offsets = Array.from({ length: count }, () => this.random.int(60_000)).sort((a, b) => a - b);
        const lines = offsets.map((offset) =>
          this.line(this.random.weighted(LINE_MIX), minuteStart + offset, day, member),
        );
        let content = lines.join('\n') + '\n';
        if (this.random.chance(TRUNCATED_MEMBER_RATE)) {
          // The stream was cut mid-line when the member was closed: a last line without newline.
          const cut = this.makeStatus(minuteStart + 59_999, false).json;
          content += cut.slice(0, Math.floor(cut.length / 2));
          truth.malformed++;
          truth.malformed_by_reason.truncated_line++;
          member.malformed++;
          member.lines++;
        }
        member.lines += lines.length;
        truth.lines += member.lines;
        truth.members++;
        truth.per_member[`${hh}/${mm}`] = member;
        yield { name: `${y}/${m}/${d}/${hh}/${mm}.json.bz2`, content };
      }
    }
  }
}

/** Days from `from`, `count` of them. */
export function sampleDays(from: Day, count: number): Day[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i));
}
