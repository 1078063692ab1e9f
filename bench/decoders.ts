import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  BZ2_DECODERS,
  defaultBz2Decoder,
  decompress,
  isInstalled,
  nativeBz2Command,
} from '../adapters/archives/decompress';
import { libbz2AddonProblem } from '../adapters/archives/libbz2-addon';
import { forEachLine } from '../adapters/archives/lines';
import { classifyLine } from '../domain/stream-lines';
import { toTweetDoc } from '../domain/tweet';
import { generatedMembers } from './data';
import { timed } from './env';
import { PROJECT_ROOT, loadConfig } from '../config/config';

/**
 * Decoding speed of bz2 members, side by side on the same members in one run: the system's
 * `bzip2 -dc` (and `lbzip2 -dc` on every core and on one, and the Rust `bzip2` crate, when they can
 * be had) on the whole set, BuzzTracker's wasm, native and in-process decoders, and decode +
 * classify + project (the preprocessing hot path).
 */
export interface DecoderResult {
  name: string;
  seconds: number;
  mbPerSecond: number;
  ratioToBzip2: number;
}

async function drain(chunks: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) bytes += chunk.length;
  return bytes;
}

/**
 * Seconds a command takes to decode a file from its standard input (`bzip2 -dc` by default), or
 * undefined when it is missing or fails.
 */
export function systemDecodeSeconds(command: string, file: string, args = ['-dc']): number | undefined {
  if (!isInstalled(command)) return undefined;
  const input = fs.openSync(file, 'r');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: [input, 'ignore', 'ignore'] });
    if (result.status !== 0) return undefined;
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    fs.closeSync(input);
  }
}

/**
 * The Rust `bzip2` crate's decoder as a command (bench/bzip2-rs), built with cargo into the
 * stack's build folder; undefined when cargo is missing or the build fails (it fetches the crate
 * from crates.io).
 */
function rustBzip2Command(): string | undefined {
  if (!isInstalled('cargo')) return undefined;
  const targetDir = path.join(loadConfig().stack.dir, 'build', 'bzip2-rs');
  const built = spawnSync(
    'cargo',
    ['build', '--release', '--quiet', '--manifest-path', path.join(PROJECT_ROOT, 'bench', 'bzip2-rs', 'Cargo.toml')],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CARGO_TARGET_DIR: targetDir } },
  );
  return built.status === 0 ? path.join(targetDir, 'release', 'bzip2-rs-dc') : undefined;
}

async function timedSeconds(run: () => Promise<unknown>): Promise<number> {
  return (await timed(run)).seconds;
}

export async function benchDecoders(options: {
  members: number;
  linesPerMinute: number;
}): Promise<{ jsonBytes: number; compressedBytes: number; results: DecoderResult[] }> {
  const { members, jsonBytes } = await generatedMembers({
    seed: 42,
    linesPerMinute: options.linesPerMinute,
    day: '2019-07-01',
    count: options.members,
  });
  const compressedBytes = members.reduce((sum, m) => sum + m.length, 0);
  const all = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-bench-')), 'members.bz2');
  fs.writeFileSync(all, Buffer.concat(members));

  const results: { name: string; seconds: number }[] = [];
  // lbzip2 decodes blocks on every core; `-n1` on one, as a member thread would.
  const rust = rustBzip2Command();
  const commands: [string, string, string[]][] = [
    ['bzip2 -dc (system, whole set)', 'bzip2', ['-dc']],
    ['lbzip2 -dc (system, whole set)', 'lbzip2', ['-dc']],
    ['lbzip2 -n1 -dc (system, one thread, whole set)', 'lbzip2', ['-n1', '-dc']],
    ...(rust ? [['Rust bzip2 crate (libbz2-rs-sys), whole set', rust, []] as [string, string, string[]]] : []),
  ];
  for (const [name, command, args] of commands) {
    const seconds = systemDecodeSeconds(command, all, args);
    if (seconds !== undefined) results.push({ name, seconds });
  }
  for (const decoder of BZ2_DECODERS) {
    if (decoder === 'native' && !nativeBz2Command()) continue;
    if (decoder === 'addon' && libbz2AddonProblem() !== undefined) continue;
    results.push({
      name: `BuzzTracker ${decoder} decoder, per member`,
      seconds: await timedSeconds(async () => {
        for (const member of members)
          await drain(
            decompress(Readable.from([member]), 'bz2', decoder, decoder === 'native' ? Infinity : member.length),
          );
      }),
    });
  }
  // The preprocessing hot path step by step, each step with those before it: what each adds.
  const steps: [string, (line: string, complete: boolean) => void][] = [
    ['lines (bytes to strings, split)', () => undefined],
    ['classify (JSON.parse of every line)', (line, complete) => void classifyLine(line, complete)],
    [
      'project (kept statuses to documents)',
      (line, complete) => {
        const parsed = classifyLine(line, complete);
        if (parsed.kind === 'status' && parsed.status.lang === 'en') JSON.stringify(toTweetDoc(parsed.status));
      },
    ],
  ];
  for (const [step, onLine] of steps)
    results.push({
      name: `decode (${defaultBz2Decoder()}) + ${step}`,
      seconds: await timedSeconds(async () => {
        for (const member of members)
          await forEachLine(decompress(Readable.from([member]), 'bz2', defaultBz2Decoder(), member.length), onLine);
      }),
    });
  fs.rmSync(path.dirname(all), { recursive: true, force: true });
  const baseline = results[0]!.seconds;
  return {
    jsonBytes,
    compressedBytes,
    results: results.map((r) => ({
      ...r,
      mbPerSecond: jsonBytes / 1e6 / r.seconds,
      ratioToBzip2: baseline / r.seconds,
    })),
  };
}
