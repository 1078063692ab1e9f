import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { JETSTREAM_FILES, writeJetstreamSampleData } from '../../simulator/sample-data';
import { aggregatePhrases, type PhraseDayTruth } from '../../simulator/generator';
import {
  emptyHour,
  generateJetstreamSample,
  hourOfUs,
  type JetstreamHourTruth,
  type JetstreamSample,
} from '../../simulator/jetstream';
import { logLine, parseLogLine } from '../../simulator/jetstream-log';
import { redateShows } from '../../simulator/redate-shows';
import { SENTIMENT_PHRASES } from '../../simulator/planted-sentiment';
import type { SentimentLabel } from '../../domain/sentiment';
import { SAMPLE_SHOWS, type SampleShow } from '../../simulator/shows';

/*
 * The generator's truth is checked against counts made here, independently, by reading every
 * frame as a consumer would by the rules written in simulator/jetstream.ts.
 */

const POST = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.repost';

interface Commit {
  rev?: unknown;
  operation?: unknown;
  collection?: unknown;
  rkey?: unknown;
  record?: Record<string, unknown>;
}
interface Event {
  did?: unknown;
  time_us?: unknown;
  kind?: unknown;
  commit?: Commit;
}
interface PostRecord {
  text: string;
  langs?: string[];
  facets?: { index: { byteStart: number; byteEnd: number }; features: Record<string, string>[] }[];
  createdAt: string;
  reply?: unknown;
  embed?: { $type: string };
}

const isEnglish = (langs: string[] | undefined): boolean =>
  (langs ?? []).some((lang) => lang.toLowerCase() === 'en' || lang.toLowerCase().startsWith('en-'));

/** The phrase planted in a text: the longest phrase of any show whose words stand in it in a row. */
/** The polarity planted in a text: the label whose phrase it holds, else neutral. */
function polarityIn(text: string): SentimentLabel {
  const holds = (label: SentimentLabel) => SENTIMENT_PHRASES[label].some((phrase) => phrase && text.includes(phrase));
  return holds('positive') ? 'positive' : holds('negative') ? 'negative' : 'neutral';
}

function phraseIn(
  text: string,
  shows: SampleShow[],
): { show: SampleShow; phrase: string; label: SentimentLabel } | undefined {
  const tokens = text.split(' ');
  let found: { show: SampleShow; phrase: string; label: SentimentLabel } | undefined;
  for (const show of shows)
    for (const { text: phrase } of show.phrases) {
      const words = phrase.split(' ');
      const at = tokens.findIndex((_, i) => words.every((word, j) => tokens[i + j] === word));
      if (at >= 0 && (!found || phrase.length > found.phrase.length)) found = { show, phrase, label: polarityIn(text) };
    }
  return found;
}

interface Counted {
  hours: Record<string, JetstreamHourTruth>;
  byPhrase: Record<string, Record<string, Record<string, PhraseDayTruth>>>;
  posts: (PostRecord & { time_us: number })[];
  badMinutes: number[];
}

/** Reads the log frame by frame and counts by the documented rules. */
function countFrames(sample: JetstreamSample, shows: SampleShow[]): Counted {
  const hours: Record<string, JetstreamHourTruth> = {};
  /** Posts not deleted yet. */
  const posts = new Map<string, { hour: string; english: boolean; phrase?: { show: SampleShow; phrase: string } }>();
  /** Every post the log created, deleted or not: what a repost may name. */
  const subjects = new Map<string, { phrase?: { show: SampleShow; phrase: string; label: SentimentLabel } }>();
  const reposts = new Set<string>();
  /** Counted posts and reposts by at-uri; a delete takes them out. */
  const counted = new Map<
    string,
    { show: SampleShow; phrase: string; label: SentimentLabel; timeUs: number; did: string; repost: boolean }
  >();
  const records: Counted['posts'] = [];
  const badMinutes: number[] = [];
  const hourOf = (hour: string): JetstreamHourTruth => (hours[hour] ??= emptyHour());
  for (const { time_us, frame } of sample.frames) {
    const hour = hourOf(new Date(time_us / 1000).toISOString().slice(0, 13));
    const bad = (reason: keyof JetstreamHourTruth['bad']): void => {
      hour.bad[reason]++;
      badMinutes.push(new Date(time_us / 1000).getUTCMinutes());
    };
    hour.frames++;
    hour.first_time_us ??= time_us;
    hour.last_time_us = time_us;
    if (Buffer.byteLength(frame) > 65_536) {
      bad('oversized');
      continue;
    }
    let event: Event;
    try {
      event = JSON.parse(frame) as Event;
    } catch {
      bad('invalid_json');
      continue;
    }
    if (typeof event.did !== 'string' || typeof event.time_us !== 'number') {
      bad('unknown_shape');
      continue;
    }
    expect(event.time_us).toBe(time_us);
    if (event.kind === 'identity' || event.kind === 'account') {
      hour.ignored[event.kind]++;
      continue;
    }
    const commit = event.commit;
    if (
      event.kind !== 'commit' ||
      !commit ||
      typeof commit.rkey !== 'string' ||
      typeof commit.collection !== 'string'
    ) {
      bad('unknown_shape');
      continue;
    }
    if (commit.collection !== POST && commit.collection !== REPOST) {
      hour.ignored.other_collection++;
      continue;
    }
    const uri = `at://${event.did}/${commit.collection}/${commit.rkey}`;
    const hourKey = hourOfUs(time_us);
    if (commit.operation === 'create' && !commit.record) {
      bad('unknown_shape');
      continue;
    }
    if (commit.collection === POST) {
      if (commit.operation === 'create') {
        const record = commit.record as unknown as PostRecord;
        records.push({ ...record, time_us });
        const english = isEnglish(record.langs);
        hour.posts.created++;
        if (english) hour.posts.english++;
        if (record.text === '') hour.posts.empty_text++;
        const phrase = english ? phraseIn(record.text, shows) : undefined;
        posts.set(uri, { hour: hourKey, english, phrase });
        subjects.set(uri, { phrase });
        if (phrase) counted.set(uri, { ...phrase, timeUs: time_us, did: event.did, repost: false });
      } else if (commit.operation === 'update') hour.post_updates++;
      else {
        const post = posts.get(uri);
        if (post) {
          hour.post_deletes.known++;
          posts.delete(uri);
          counted.delete(uri);
          if (post.english) {
            const byHour = hourOf(post.hour).english_deleted_by_deletes_of;
            byHour[hourKey] = (byHour[hourKey] ?? 0) + 1;
          }
        } else hour.post_deletes.unknown++;
      }
    } else if (commit.operation === 'create') {
      const subject = (commit.record as { subject: { uri: string } }).subject.uri;
      const known = subjects.get(subject);
      if (known) hour.reposts.known_subject++;
      else hour.reposts.unknown_subject++;
      reposts.add(uri);
      // A repost made after its post's delete carries no text: it counts nowhere.
      if (known?.phrase && posts.has(subject))
        counted.set(uri, { ...known.phrase, timeUs: time_us, did: event.did, repost: true });
    } else if (reposts.delete(uri)) {
      hour.repost_deletes.known++;
      counted.delete(uri);
    } else hour.repost_deletes.unknown++;
  }
  const byPhrase: Counted['byPhrase'] = Object.fromEntries(shows.map((show) => [show.show_key, {}]));
  for (const item of counted.values()) {
    const day = DateTime.fromMillis(item.timeUs / 1000, { zone: item.show.row.timezone || 'UTC' }).toISODate()!;
    const entry = ((byPhrase[item.show.show_key]![day] ??= {})[item.phrase] ??= {
      tweets: 0,
      original_tweets: 0,
      retweets: 0,
      sentiment: { positive: 0, neutral: 0, negative: 0 },
      authors: [],
    });
    entry.tweets++;
    entry.sentiment[item.label]++;
    if (item.repost) entry.retweets++;
    else entry.original_tweets++;
    if (!entry.authors.includes(item.did)) entry.authors.push(item.did);
  }
  return { hours, byPhrase, posts: records, badMinutes };
}
const sortAuthors = (table: Counted['byPhrase']) =>
  Object.fromEntries(
    Object.entries(table).map(([show, days]) => [
      show,
      Object.fromEntries(
        Object.entries(days).map(([day, phrases]) => [
          day,
          Object.fromEntries(
            Object.entries(phrases).map(([phrase, t]) => [phrase, { ...t, authors: [...t.authors].sort() }]),
          ),
        ]),
      ),
    ]),
  );

describe('the generated Jetstream log and its ground truth', () => {
  const shows = redateShows('2026-03-10');
  const options = { fromHour: '2026-03-10T04', hours: 3, postsPerMinute: 20, seed: 11, shows };
  const sample = generateJetstreamSample(options);
  const counted = countFrames(sample, shows);

  it('covers exactly the hours asked for, in time order, no two frames at the same time_us', () => {
    expect(Object.keys(sample.truth.hours)).toEqual(['2026-03-10T04', '2026-03-10T05', '2026-03-10T06']);
    expect(sample.frames[0]!.time_us).toBeGreaterThanOrEqual(Date.parse('2026-03-10T04:00:00Z') * 1000);
    expect(sample.frames.at(-1)!.time_us).toBeLessThan(Date.parse('2026-03-10T07:00:00Z') * 1000);
    const unordered = sample.frames.findIndex((f, i) => i > 0 && f.time_us <= sample.frames[i - 1]!.time_us);
    expect(unordered).toBe(-1);
  });

  it('has per-hour counts equal to reading every frame by the documented rules', () => {
    expect(sample.truth.hours).toEqual(counted.hours);
  });

  it('has counts that add up to the frames of each hour', () => {
    for (const t of Object.values(sample.truth.hours)) {
      const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);
      expect(
        t.posts.created +
          t.post_updates +
          sum(t.post_deletes) +
          sum(t.reposts) +
          sum(t.repost_deletes) +
          sum(t.ignored) +
          sum(t.bad),
      ).toBe(t.frames);
    }
  });

  it('has buzz equal to the planted phrases found in the frames, after deletes', () => {
    expect(sortAuthors(sample.truth.buzz_by_phrase)).toEqual(sortAuthors(counted.byPhrase));
    for (const show of shows) {
      const terms = new Map(show.phrases.map((p) => [p.text, p.terms]));
      expect(sample.truth.buzz[show.show_key]).toEqual(
        aggregatePhrases(counted.byPhrase[show.show_key]!, (text) => terms.get(text) ?? []),
      );
    }
  });

  it('has hourly buzz that adds up to the daily buzz of each show', () => {
    for (const show of shows) {
      const total = (days: Record<string, { tweets: number; retweets: number }>) =>
        Object.values(days).reduce((sum, d) => [sum[0]! + d.tweets, sum[1]! + d.retweets], [0, 0]);
      expect(total(sample.truth.buzz_by_hour[show.show_key]!)).toEqual(total(sample.truth.buzz[show.show_key]!));
    }
  });

  it('plants every show with originals, retweets and repeat authors, and counts deleted posts nowhere', () => {
    for (const show of shows) {
      const days = Object.values(sample.truth.buzz[show.show_key]!);
      expect(days.reduce((sum, d) => sum + d.original_tweets, 0)).toBeGreaterThan(0);
    }
    const zephyrine = sample.truth.buzz['zephyrine-hollow:2']!['2026-03-10']!;
    expect(zephyrine.retweets).toBeGreaterThan(0);
    expect(zephyrine.unique_authors).toBeLessThan(zephyrine.tweets);
    // The show of Los Angeles launches on its local day 03-10, which starts at 08:00 UTC: these hours are 03-09 there.
    expect(Object.keys(sample.truth.buzz['the-marrowdeep-affair:1']!)).toEqual(['2026-03-09']);
    const deleted = Object.values(sample.truth.hours).reduce((sum, t) => sum + t.post_deletes.known, 0);
    expect(deleted).toBeGreaterThan(0);
  });

  it('mixes every kind of frame the consumer must tell apart', () => {
    const all = Object.values(sample.truth.hours);
    const sum = (pick: (t: JetstreamHourTruth) => number): number => all.reduce((s, t) => s + pick(t), 0);
    for (const pick of [
      (t: JetstreamHourTruth) => t.posts.empty_text,
      (t: JetstreamHourTruth) => t.post_updates,
      (t: JetstreamHourTruth) => t.post_deletes.unknown,
      (t: JetstreamHourTruth) => t.reposts.unknown_subject,
      (t: JetstreamHourTruth) => t.repost_deletes.known,
      (t: JetstreamHourTruth) => t.repost_deletes.unknown,
      (t: JetstreamHourTruth) => t.ignored.identity,
      (t: JetstreamHourTruth) => t.ignored.account,
      (t: JetstreamHourTruth) => t.bad.invalid_json,
      (t: JetstreamHourTruth) => t.bad.unknown_shape,
      (t: JetstreamHourTruth) => t.bad.oversized,
    ])
      expect(sum(pick)).toBeGreaterThan(0);
    const bad = sample.frames.filter((f) => Buffer.byteLength(f.frame) > 65_536 || !/"time_us":\d+,/.test(f.frame));
    expect(new Set(bad.map((f) => f.frame)).size).toBe(bad.length);
    // Never within five minutes of an hour's edge.
    expect(counted.badMinutes.filter((m) => m < 5 || m >= 55)).toEqual([]);
  });

  it('writes posts as Bluesky does: langs, UTF-8 byte facets, client createdAt, replies and quotes', () => {
    const langs = new Set(counted.posts.map((p) => JSON.stringify(p.langs ?? null)));
    for (const expected of ['["en"]', '["en-US"]', '["ja"]', '["es","en"]', 'null', '[]'])
      expect(langs).toContain(expected);
    let shifted = 0;
    for (const post of counted.posts) {
      const bytes = Buffer.from(post.text, 'utf8');
      for (const facet of post.facets ?? []) {
        const covered = bytes.subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8');
        const feature = facet.features[0]!;
        if (feature.$type === 'app.bsky.richtext.facet#tag') expect(covered).toBe(`#${feature.tag}`);
        else if (feature.$type === 'app.bsky.richtext.facet#mention') expect(covered).toMatch(/^@\S+$/);
        else expect([feature.$type, covered.endsWith('…')]).toEqual(['app.bsky.richtext.facet#link', true]);
        if (post.text.indexOf(covered) !== facet.index.byteStart) shifted++;
      }
    }
    expect(shifted).toBeGreaterThan(0);
    const created = counted.posts.map((p) => Math.abs(Date.parse(p.createdAt) - p.time_us / 1000));
    expect(created.filter((offset) => offset > 86_400_000).length).toBeGreaterThan(0);
    const embeds = new Set(counted.posts.map((p) => p.embed?.$type));
    expect(embeds).toContain('app.bsky.embed.record');
    expect(embeds).toContain('app.bsky.embed.recordWithMedia');
    expect(counted.posts.filter((p) => p.reply).length).toBeGreaterThan(0);
    // The mention of a show is a facet over its text: "@QuillfeatherTV".
    expect(
      counted.posts.some((p) =>
        (p.facets ?? []).some((f) => f.features[0]!.$type.endsWith('#mention') && p.text.includes('@QuillfeatherTV')),
      ),
    ).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const text = (frames: JetstreamSample['frames']): string => frames.map((f) => `${f.time_us} ${f.frame}`).join('\n');
    expect(text(generateJetstreamSample(options).frames) === text(sample.frames)).toBe(true);
    expect(generateJetstreamSample({ ...options, seed: 12 }).frames[0]).not.toEqual(sample.frames[0]);
  });

  it('keeps every frame byte for byte through a log line', () => {
    for (const entry of sample.frames) expect(parseLogLine(logLine(entry))).toEqual(entry);
    expect(logLine({ time_us: 5, frame: '{"a":1}' })).toBe('{"time_us":5,"frame":{"a":1}}');
    expect(logLine({ time_us: 5, frame: '{"a":' })).toBe('{"time_us":5,"text":"{\\"a\\":"}');
  });
});

describe('redateShows', () => {
  it('moves each launch to the day given and its analysis window with it, leaving the sample sheet alone', () => {
    const moved = redateShows('2026-03-10', SAMPLE_SHOWS.slice(1, 3));
    expect(
      moved.map((s) => [
        s.show_key,
        s.row.launch_date,
        s.row.analysis_date_window_start,
        s.row.analysis_date_window_end,
      ]),
    ).toEqual([
      ['the-marrowdeep-affair:1', '2026-03-10', '2026-03-06', '2026-04-05'],
      ['quillfeather:3', '2026-03-10', '2026-03-06', '2026-03-18'],
    ]);
    expect(SAMPLE_SHOWS[1]!.row.launch_date).toBe('2019-07-05');
    expect(redateShows('2026-03-10')[0]!.row.analysis_date_window_start).toBe('');
  });
});

describe('writeJetstreamSampleData', () => {
  it('writes the log a line a frame, the truth and the sheet of the re-dated shows', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jetstream-sample-'));
    try {
      const { sample, bytes } = await writeJetstreamSampleData({
        out,
        fromHour: '2026-03-10T22',
        hours: 1,
        postsPerMinute: 5,
        seed: 3,
      });
      const text = fs.readFileSync(path.join(out, JETSTREAM_FILES.log), 'utf8');
      expect(Buffer.byteLength(text)).toBe(bytes);
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map(parseLogLine)).toEqual(sample.frames);
      const truth = JSON.parse(fs.readFileSync(path.join(out, JETSTREAM_FILES.truth), 'utf8')) as {
        generator: { launch: string };
        log: { frames: number };
        hours: Record<string, unknown>;
      };
      expect([truth.generator.launch, truth.log.frames, Object.keys(truth.hours)]).toEqual([
        '2026-03-10',
        lines.length,
        ['2026-03-10T22'],
      ]);
      expect(fs.readFileSync(path.join(out, JETSTREAM_FILES.sheet), 'utf8')).toContain(
        'Zephyrine Hollow,2,Northlight,2026-03-10,',
      );
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
