import fs from 'node:fs';
import path from 'node:path';
import { LocalArchiveFile } from '../adapters/archives/archive-file';
import { indexArchive } from '../adapters/archives/archive-index';
import { writeSampleData } from '../simulator/sample-data';
import { loadConfig } from '../config/config';
import { archiveFileNames } from '../domain/archive-layout';
import { SampleGenerator, sampleDays, type DayTruth } from '../simulator/generator';
import { bzip2 } from '../adapters/archives/archive-writer';

export interface Dataset {
  dir: string;
  days: string[];
  jsonBytes: number;
  compressedBytes: number;
  truth: Record<string, DayTruth>;
}

/**
 * Generated archives for benchmarks, kept under the stack folder and reused by later runs with
 * the same size. A real day holds about 2,800 lines a minute (15 GB of JSON).
 */
export async function dataset(
  from: string,
  days: number,
  linesPerMinute: number,
  log: (line: string) => void,
): Promise<Dataset> {
  const dir = path.join(loadConfig().stack.dir, 'bench-data', `${from}-${days}d-${linesPerMinute}lpm`);
  const truthFile = path.join(dir, 'ground-truth.json');
  if (!fs.existsSync(truthFile)) {
    log(`generating ${days} day(s) at ${linesPerMinute} lines a minute in ${dir}`);
    fs.rmSync(dir, { recursive: true, force: true });
    await writeSampleData({ out: `${dir}.partial`, from, days, linesPerMinute, seed: 2026, format: 'tar' }, (line) =>
      log(`  ${line}`),
    );
    fs.renameSync(`${dir}.partial`, dir);
  }
  const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as {
    archives: Record<string, { bytes_json: number; bytes_compressed: number }>;
    days: Record<string, DayTruth>;
  };
  const archives = Object.values(truth.archives);
  return {
    dir,
    days: sampleDays(from, days),
    jsonBytes: archives.reduce((sum, a) => sum + a.bytes_json, 0),
    compressedBytes: archives.reduce((sum, a) => sum + a.bytes_compressed, 0),
    truth: truth.days,
  };
}

/** The day's bz2 members, concatenated into one multi-stream file (what bzip2 -dc reads whole). */
export async function concatenatedMembers(data: Dataset, day: string): Promise<string> {
  const target = path.join(data.dir, `${day}.members.bz2`);
  if (fs.existsSync(target)) return target;
  const tar = path.join(data.dir, archiveFileNames(day)[0]!);
  const archive = new LocalArchiveFile(`dir:${tar}`, tar, fs.statSync(tar).size);
  const out = fs.openSync(`${target}.partial`, 'w');
  for (const member of (await indexArchive(archive)).members)
    fs.writeSync(out, await archive.readBytes(member.offset, member.size));
  fs.closeSync(out);
  fs.renameSync(`${target}.partial`, target);
  return target;
}

/** The day's members as separate files (HH/MM.json.bz2), as Spark reads them. */
export async function memberFiles(data: Dataset, day: string): Promise<string> {
  const target = path.join(data.dir, `${day}.members`);
  if (fs.existsSync(target)) return target;
  const tar = path.join(data.dir, archiveFileNames(day)[0]!);
  const archive = new LocalArchiveFile(`dir:${tar}`, tar, fs.statSync(tar).size);
  for (const member of (await indexArchive(archive)).members) {
    const file = path.join(
      `${target}.partial`,
      String(member.hour).padStart(2, '0'),
      `${String(member.minute).padStart(2, '0')}.json.bz2`,
    );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await archive.readBytes(member.offset, member.size));
  }
  fs.renameSync(`${target}.partial`, target);
  return target;
}

/** The first `count` members of a generated day, bz2-compressed in memory, and their JSON bytes. */
export async function generatedMembers(options: {
  seed: number;
  linesPerMinute: number;
  day: string;
  count: number;
}): Promise<{ members: Buffer[]; jsonBytes: number }> {
  const generator = new SampleGenerator({ seed: options.seed, linesPerMinute: options.linesPerMinute });
  const members: Buffer[] = [];
  let jsonBytes = 0;
  for (const member of generator.day(options.day)) {
    if (members.length >= options.count) break;
    jsonBytes += Buffer.byteLength(member.content);
    members.push(await bzip2(member.content));
  }
  return { members, jsonBytes };
}
