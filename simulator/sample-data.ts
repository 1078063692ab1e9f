import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { writeDayArchive, type ArchiveFormat } from '../adapters/archives/archive-writer';
import { archiveFileNames } from '../domain/archive-layout';
import { SampleGenerator, sampleDays } from './generator';
import { generateJetstreamSample, type JetstreamSample } from './jetstream';
import { logLine } from './jetstream-log';
import { redateShows } from './redate-shows';
import { SAMPLE_SHOWS, sampleSheetCsv } from './shows';
import { generatePageviews, writePageviewsSample, type PageviewsSample } from './pageviews';
import { addDays } from '../domain/days';
import { parseArticle } from '../domain/wikipedia-articles';

export interface SampleDataOptions {
  out: string;
  from: string;
  days: number;
  linesPerMinute: number;
  seed: number;
  format: ArchiveFormat;
  hours?: number[];
  /** The last day holds only these hours: a day partly published, as the archive's newest can be. */
  lastDayHours?: number[];
  /** False: status ids that break the 1% sample's rule (see SampleOptions). */
  sampleRule?: boolean;
  /** Also give each show-day's whole population (see SampleOptions). */
  population?: boolean;
  /** Also list the shows' Wikipedia articles in the sheet, and write their pageviews (`pageviews.json`). */
  pageviews?: boolean;
}

export const PAGEVIEWS_FILE = 'pageviews.json';

/**
 * The sample shows' articles' daily views over the months around their launches, all published:
 * what the local Wikimedia server serves (infra/local/wikimedia-server.ts), with the truth.
 */
export function samplePageviews(seed: number): PageviewsSample {
  const launches = SAMPLE_SHOWS.map((show) => show.row.launch_date).sort();
  const to = addDays(launches.at(-1)!, 60);
  return generatePageviews({
    seed,
    from: addDays(launches[0]!, -30),
    to,
    lastPublished: to,
    articles: SAMPLE_SHOWS.flatMap((show) =>
      show.articles.map(({ name, base, peak }) => {
        const article = parseArticle(name);
        if (typeof article === 'string') throw new Error(`sample article ${name}: ${article}`);
        return { ...article, launch: show.row.launch_date, base, peak };
      }),
    ),
  });
}

/** Writes generated day archives in the Twitter Stream Grab layout, and their ground truth. */
export async function writeSampleData(options: SampleDataOptions, log: (line: string) => void = () => undefined) {
  fs.mkdirSync(options.out, { recursive: true });
  const generator = new SampleGenerator({
    seed: options.seed,
    linesPerMinute: options.linesPerMinute,
    hours: options.hours,
    sampleRule: options.sampleRule,
    population: options.population,
  });
  const archives: Record<string, { file: string; bytes_json: number; bytes_compressed: number }> = {};
  const days = sampleDays(options.from, options.days);
  for (const day of days) {
    const name = archiveFileNames(day)[options.format === 'tar' ? 0 : 1]!;
    const file = path.join(options.out, name);
    const hours = day === days[days.length - 1] ? (options.lastDayHours ?? options.hours) : options.hours;
    const written = await writeDayArchive(file, generator.day(day, hours), options.format);
    archives[day] = { file: name, bytes_json: written.bytesJson, bytes_compressed: written.bytesCompressed };
    const ratio = (written.bytesJson / written.bytesCompressed).toFixed(1);
    log(`${name}: ${written.members} members, ${(written.bytesJson / 1e6).toFixed(1)} MB of JSON, bz2 ratio ${ratio}×`);
  }
  const truth = {
    generator: {
      seed: options.seed,
      lines_per_minute: options.linesPerMinute,
      hours: options.hours ?? 'all',
      ...(options.lastDayHours ? { last_day_hours: options.lastDayHours } : {}),
      ...(options.sampleRule === false ? { sample_rule: false } : {}),
      ...(options.population ? { population: true } : {}),
    },
    archives,
    days: Object.fromEntries(generator.truth),
    buzz: generator.buzzTruth(),
    buzz_by_phrase: generator.buzzByPhrase(),
  };
  fs.writeFileSync(path.join(options.out, 'ground-truth.json'), JSON.stringify(truth, null, 1));
  fs.writeFileSync(path.join(options.out, 'shows.csv'), sampleSheetCsv(SAMPLE_SHOWS, { articles: options.pageviews }));
  if (options.pageviews) writePageviewsSample(path.join(options.out, PAGEVIEWS_FILE), samplePageviews(options.seed));
  return truth;
}

export interface JetstreamSampleDataOptions {
  out: string;
  /** First UTC hour, `YYYY-MM-DDTHH`. */
  fromHour: string;
  hours: number;
  postsPerMinute: number;
  seed: number;
  /** The day the sample shows launch in the log (default: the log's first day), so that they have buzz. */
  launch?: string;
  /** The shows' next seasons (see redateShows), e.g. for the demo, which has the archive's seasons too. */
  nextSeason?: boolean;
}

/** The files a Jetstream sample is written to, in `out`. */
export const JETSTREAM_FILES = {
  log: 'jetstream.ndjson',
  truth: 'jetstream-truth.json',
  sheet: 'jetstream-shows.csv',
} as const;

/**
 * Writes a generated Jetstream log (`jetstream.ndjson`, one frame a line: see
 * simulator/jetstream-log.ts), what a consumer must conclude from it
 * (`jetstream-truth.json`) and the sheet of its re-dated shows (`jetstream-shows.csv`).
 */
export async function writeJetstreamSampleData(
  options: JetstreamSampleDataOptions,
  log: (line: string) => void = () => undefined,
): Promise<{ sample: JetstreamSample; bytes: number }> {
  fs.mkdirSync(options.out, { recursive: true });
  const launch = options.launch ?? options.fromHour.slice(0, 10);
  const shows = redateShows(launch, undefined, { nextSeason: options.nextSeason });
  const sample = generateJetstreamSample({
    fromHour: options.fromHour,
    hours: options.hours,
    postsPerMinute: options.postsPerMinute,
    seed: options.seed,
    shows,
  });
  const bytes = await writeLines(
    path.join(options.out, JETSTREAM_FILES.log),
    sample.frames.map((entry) => logLine(entry)),
  );
  const frames = sample.frames;
  const truth = {
    generator: {
      seed: options.seed,
      from_hour: options.fromHour,
      hours: options.hours,
      posts_per_minute: options.postsPerMinute,
      launch,
    },
    log: {
      file: JETSTREAM_FILES.log,
      frames: frames.length,
      bytes,
      first_time_us: frames[0]?.time_us ?? null,
      last_time_us: frames[frames.length - 1]?.time_us ?? null,
    },
    shows: shows.map((show) => ({
      show_key: show.show_key,
      launch_date: show.row.launch_date,
      timezone: show.row.timezone || 'UTC',
    })),
    ...sample.truth,
  };
  fs.writeFileSync(path.join(options.out, JETSTREAM_FILES.truth), JSON.stringify(truth, null, 1));
  fs.writeFileSync(path.join(options.out, JETSTREAM_FILES.sheet), sampleSheetCsv(shows));
  log(
    `${JETSTREAM_FILES.log}: ${frames.length} frames over ${options.hours} h from ${options.fromHour}, ` +
      `${(bytes / 1e6).toFixed(1)} MB; shows launch ${launch}`,
  );
  return { sample, bytes };
}

/** Writes lines through a stream, waiting when it is full; returns the bytes written. */
async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const stream = fs.createWriteStream(file);
  let bytes = 0;
  for (const line of lines) {
    bytes += Buffer.byteLength(line, 'utf8') + 1;
    // once() rejects when the stream fails meanwhile.
    if (!stream.write(`${line}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  return bytes;
}
