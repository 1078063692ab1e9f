import fs from 'node:fs';
import path from 'node:path';
import { writeDayArchive, type ArchiveFormat } from '../adapters/archives/archive-writer';
import { archiveFileNames } from '../domain/archive-layout';
import { SampleGenerator, sampleDays } from '../domain/sample/generator';
import { sampleSheetCsv } from '../domain/sample/shows';

export interface SampleDataOptions {
  out: string;
  from: string;
  days: number;
  linesPerMinute: number;
  seed: number;
  format: ArchiveFormat;
  hours?: number[];
}

/** Writes generated day archives in the Twitter Stream Grab layout, and their ground truth. */
export async function writeSampleData(options: SampleDataOptions, log: (line: string) => void = () => undefined) {
  fs.mkdirSync(options.out, { recursive: true });
  const generator = new SampleGenerator({
    seed: options.seed,
    linesPerMinute: options.linesPerMinute,
    hours: options.hours,
  });
  const archives: Record<string, { file: string; bytes_json: number; bytes_compressed: number }> = {};
  for (const day of sampleDays(options.from, options.days)) {
    const name = archiveFileNames(day)[options.format === 'tar' ? 0 : 1]!;
    const file = path.join(options.out, name);
    const written = await writeDayArchive(file, generator.day(day), options.format);
    archives[day] = { file: name, bytes_json: written.bytesJson, bytes_compressed: written.bytesCompressed };
    const ratio = (written.bytesJson / written.bytesCompressed).toFixed(1);
    log(`${name}: ${written.members} members, ${(written.bytesJson / 1e6).toFixed(1)} MB of JSON, bz2 ratio ${ratio}×`);
  }
  const truth = {
    generator: { seed: options.seed, lines_per_minute: options.linesPerMinute, hours: options.hours ?? 'all' },
    archives,
    days: Object.fromEntries(generator.truth),
    buzz: generator.buzzTruth(),
    buzz_by_phrase: generator.buzzByPhrase(),
  };
  fs.writeFileSync(path.join(options.out, 'ground-truth.json'), JSON.stringify(truth, null, 1));
  fs.writeFileSync(path.join(options.out, 'shows.csv'), sampleSheetCsv());
  return truth;
}
