import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { MemberDecodeError, decompress } from '../../adapters/archives/decompress';
import { libbz2AddonProblem } from '../../adapters/archives/libbz2-addon';
import { ADDON_OFF } from '../support/decoders';

/**
 * The libbz2 addon (native/bz2) against the system's `bzip2` program: members it compressed,
 * decoded by both, byte for byte. `npm ci` builds the addon; this file fails, naming why, where
 * it could not (unless BUZZ_BZ2_ADDON=off left it out on purpose).
 */

/** 12,000 tweet-like lines (about 1.9 MB): many 100 kB blocks at `bzip2 -1`. */
const content = Buffer.from(
  Array.from({ length: 12_000 }, (_, i) =>
    JSON.stringify({
      id_str: String(1_146_000_000_000_000_000n + BigInt(i * 7919)),
      text: `post ${i}: ${'#Show '.repeat(i % 5)}${(i * 2_654_435_761) % 1_000_003} é 日本 🎬`,
      lang: i % 3 === 0 ? 'ja' : 'en',
    }),
  ).join('\n') + '\n',
);

function bzip2(input: Buffer, level = 1): Buffer {
  const run = spawnSync('bzip2', ['-c', `-${level}`], { input, maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`bzip2 -c failed: ${run.stderr}`);
  return run.stdout;
}

/** What `bzip2 -dc` writes for the member, and whether it calls the member sound. */
function systemDecode(member: Buffer): { output: Buffer; ok: boolean } {
  const run = spawnSync('bzip2', ['-dc'], { input: member, maxBuffer: 1 << 30 });
  return { output: run.stdout, ok: run.status === 0 };
}

/** The addon's output for the member fed in pieces of `size` bytes, and the damage it named. */
async function addonDecode(member: Buffer, size: number): Promise<{ output: Buffer; damage?: string }> {
  const pieces = Array.from({ length: Math.ceil(member.length / size) }, (_, i) =>
    member.subarray(i * size, (i + 1) * size),
  );
  const output: Buffer[] = [];
  try {
    for await (const chunk of decompress(Readable.from(pieces), 'bz2', 'addon')) output.push(chunk);
    return { output: Buffer.concat(output) };
  } catch (error) {
    if (!(error instanceof MemberDecodeError)) throw error;
    return { output: Buffer.concat(output), damage: error.message };
  }
}

function flipped(member: Buffer, at: number): Buffer {
  const copy = Buffer.from(member);
  copy[at] ^= 0x55;
  return copy;
}

(ADDON_OFF ? describe.skip : describe)('the libbz2 addon against bzip2 -dc', () => {
  const member = bzip2(content);

  beforeAll(() => {
    expect(libbz2AddonProblem()).toBeUndefined();
  });

  it.each([1, 7, 4_096, 65_536, Infinity])('decodes a many-block member fed in pieces of %d bytes', async (size) => {
    const ours = await addonDecode(member, size === Infinity ? member.length : size);
    expect(ours.damage).toBeUndefined();
    expect(ours.output.equals(content)).toBe(true);
    expect(systemDecode(member)).toEqual({ output: ours.output, ok: true });
  });

  it('decodes every stream of a member written as several, at different block sizes', async () => {
    const thirds = [0, 1, 2, 3].map((i) => Math.floor((content.length * i) / 3));
    const multi = Buffer.concat([1, 9, 5].map((level, i) => bzip2(content.subarray(thirds[i], thirds[i + 1]), level)));
    const ours = await addonDecode(multi, 10_000);
    expect(ours).toEqual({ output: content });
    expect(systemDecode(multi)).toEqual({ output: content, ok: true });
  });

  it('ignores what follows the last stream when it is not a bz2 header, as bzip2 does', async () => {
    const trailing = Buffer.concat([member, Buffer.from('\0\0\0\0 padding after the stream')]);
    expect(await addonDecode(trailing, 65_536)).toEqual({ output: content });
    expect(systemDecode(trailing)).toEqual({ output: content, ok: true });
  });

  it('keeps the blocks before a damaged one, as bzip2 does, then names the damage', async () => {
    const damaged = flipped(member, Math.floor(member.length * 0.8));
    const ours = await addonDecode(damaged, 65_536);
    const system = systemDecode(damaged);
    expect(ours.damage).toBe('libbz2: a block fails its check (the data is damaged)');
    expect(system.ok).toBe(false);
    // Both write the damaged block's bytes as they decode them, before its check fails at its
    // end, each up to a different point: they agree as far as both go.
    const agreed = Math.min(ours.output.length, system.output.length);
    expect(ours.output.subarray(0, agreed).equals(system.output.subarray(0, agreed))).toBe(true);
    // The blocks before the damaged one (the first 80% of the member, less one block) are whole.
    const sound = ours.output.findIndex((byte, i) => byte !== content[i]);
    expect(sound).toBeGreaterThan(content.length * 0.7);
    expect(ours.output.length).toBeLessThan(content.length);
  });

  it('names a member cut short after the part that decoded', async () => {
    const cut = member.subarray(0, member.length - 1_000);
    const ours = await addonDecode(cut, 65_536);
    expect(ours.damage).toBe('libbz2: it ends inside a bz2 stream (cut short)');
    expect(ours.output.length).toBeGreaterThan(content.length * 0.8);
    expect(ours.output.equals(content.subarray(0, ours.output.length))).toBe(true);
    expect(systemDecode(cut).ok).toBe(false);
  });

  it('refuses what is not bz2 and what holds nothing', async () => {
    expect(await addonDecode(Buffer.from('{"id_str":"1"}\n'), 100)).toEqual({
      output: Buffer.alloc(0),
      damage: 'libbz2: it does not start with a bz2 header',
    });
    expect(systemDecode(Buffer.from('{"id_str":"1"}\n')).ok).toBe(false);
    expect(await addonDecode(Buffer.alloc(0), 100)).toEqual({
      output: Buffer.alloc(0),
      damage: 'libbz2: it holds no bz2 stream',
    });
  });
});
