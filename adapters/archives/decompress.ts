import { spawn, spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import unbzip2 from 'unbzip2-stream';
import type { Compression } from '../../domain/archive-layout';
import { BuzzError } from '../../domain/errors';
import { libbz2AddonProblem, newLibbz2Decoder } from './libbz2-addon';
import { WASM_MAX_MEMBER_BYTES, wasmDecodeWhole } from './wasm-bz2';

/**
 * How bz2 members are decoded (bench/results compares them): `addon` streams them through the
 * system's libbz2 (native/bz2, built by `npm ci` when it can be), as fast as wasm or 1–7% faster; `wasm` decodes
 * a whole member with libbz2 compiled to WebAssembly; `native` pipes members through a
 * decompressor process (lbzip2 or bzip2); `js` streams them through unbzip2-stream. Members that
 * `wasm` cannot take (several streams, damaged, huge) are streamed by the addon when built, else
 * by `native` when available, else by `js`.
 */
export type Bz2Decoder = 'addon' | 'wasm' | 'native' | 'js';
export const BZ2_DECODERS: readonly Bz2Decoder[] = ['addon', 'wasm', 'native', 'js'];

let nativeCommand: string | null | undefined;

/** True when the program can be started (it is on the PATH). */
export function isInstalled(command: string): boolean {
  return spawnSync(command, ['--help'], { stdio: 'ignore' }).error === undefined;
}

/** lbzip2 when installed (it decodes blocks in parallel), else bzip2, else none. */
export function nativeBz2Command(): string | null {
  if (nativeCommand === undefined) {
    nativeCommand = ['lbzip2', 'bzip2'].find(isInstalled) ?? null;
  }
  return nativeCommand;
}

/** The addon when it is built here, else wasm. */
export function defaultBz2Decoder(): Bz2Decoder {
  return libbz2AddonProblem() === undefined ? 'addon' : 'wasm';
}

/** The decoder as a worker names it at start: what runs, and why the addon does not when it is not chosen. */
export function describeBz2Decoder(decoder: Bz2Decoder): string {
  if (decoder === 'addon') return 'the libbz2 addon';
  if (decoder === 'native') {
    const command = nativeBz2Command();
    return command ? `a ${command} process per member` : 'unbzip2-stream (no bzip2 program here)';
  }
  if (decoder === 'js') return 'unbzip2-stream';
  const problem = libbz2AddonProblem();
  return problem ? `libbz2 in WebAssembly (the addon is not used: ${problem})` : 'libbz2 in WebAssembly';
}

/** Refuses a decoder that cannot run here, naming why; the worker checks its own at start. */
export function checkBz2Decoder(decoder: Bz2Decoder): void {
  const problem = decoder === 'addon' ? libbz2AddonProblem() : undefined;
  if (problem) throw new BuzzError('config_invalid', `--decoder addon: the libbz2 addon cannot be loaded: ${problem}`);
}

/** A member could not be decoded: it is corrupt or cut short. Counted, never retried. */
export class MemberDecodeError extends BuzzError {
  constructor(message: string, cause?: unknown) {
    super('member_corrupt', message, { cause, retryable: false });
  }
}

async function* nativeBz2(input: Readable, command: string): AsyncGenerator<Buffer> {
  const child = spawn(command, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  // When the decoder stops early (corrupt data), writing to it fails with EPIPE: not our error.
  let readError: Error | undefined;
  const feeding = pipeline(input, child.stdin).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') readError = error;
  });
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const code = await exited;
    await feeding;
    if (readError) throw readError;
    if (code !== 0) throw new MemberDecodeError(`${command}: ${stderr.trim() || `exit code ${code}`}`);
  } finally {
    if (child.exitCode === null) child.kill();
    input.destroy();
  }
}

async function* libbz2(input: Readable): AsyncGenerator<Buffer> {
  const decoder = newLibbz2Decoder();
  if (!decoder) throw new BuzzError('config_invalid', `the libbz2 addon cannot be loaded: ${libbz2AddonProblem()}`);
  try {
    for await (const piece of input) {
      yield* decoder.push(piece as Buffer);
      const damage = decoder.damage();
      if (damage) throw new MemberDecodeError(`libbz2: ${damage}`);
    }
    const problem = decoder.finish();
    if (problem) throw new MemberDecodeError(`libbz2: ${problem}`);
  } finally {
    decoder.finish();
    input.destroy();
  }
}

/** Decoders in this process (zlib, unbzip2-stream, an older-style stream) behind one modern stream. */
async function* inProcess(input: Readable, decoder: NodeJS.ReadWriteStream): AsyncGenerator<Buffer> {
  const output = new PassThrough();
  input.once('error', (error) => output.destroy(error));
  decoder.once('error', (error: Error) => output.destroy(new MemberDecodeError(error.message, error)));
  input.pipe(decoder).pipe(output);
  try {
    for await (const chunk of output) yield chunk as Buffer;
  } finally {
    input.destroy();
  }
}

/**
 * Below this size a decompressor process costs more to start than it saves (forking a large
 * Node process takes milliseconds); such members are decoded in this process.
 */
const NATIVE_MIN_BYTES = 256 * 1024;

async function* wasmFirst(input: Readable, compressedBytes: number): AsyncGenerator<Buffer> {
  if (compressedBytes > WASM_MAX_MEMBER_BYTES) return yield* streamed(input, compressedBytes);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  const member = Buffer.concat(chunks);
  const decoded = await wasmDecodeWhole(member);
  // The streaming decoders yield what decodes of a damaged member, then name the damage.
  if (decoded) yield decoded;
  else yield* streamed(Readable.from([member]), member.length);
}

/** What decodes the members wasm cannot take: the addon when built here, else a process or unbzip2-stream. */
function streamed(input: Readable, compressedBytes: number): AsyncIterable<Buffer> {
  return libbz2AddonProblem() === undefined ? libbz2(input) : processOrJs(input, compressedBytes);
}

function processOrJs(input: Readable, compressedBytes: number): AsyncIterable<Buffer> {
  const command = compressedBytes >= NATIVE_MIN_BYTES ? nativeBz2Command() : null;
  return command ? nativeBz2(input, command) : inProcess(input, unbzip2());
}

/**
 * The decompressed bytes of a member. A corrupt or truncated member fails with
 * MemberDecodeError after yielding what could be decoded; a failure to read the archive
 * itself fails with that error (worth retrying).
 */
export function decompress(
  input: Readable,
  compression: Compression,
  decoder: Bz2Decoder,
  compressedBytes = Infinity,
): AsyncIterable<Buffer> {
  if (compression === 'gz') return inProcess(input, zlib.createGunzip());
  if (compression === 'none') return input;
  if (decoder === 'addon') return libbz2(input);
  if (decoder === 'wasm') return wasmFirst(input, compressedBytes);
  if (decoder === 'js') return inProcess(input, unbzip2());
  return processOrJs(input, compressedBytes);
}
