import Bzip2 from '@foxglove/wasm-bz2';

/**
 * libbz2 compiled to WebAssembly, decoding a whole member in this process: about as fast as the
 * bzip2 program (bench/results), without the milliseconds a process start costs per member.
 * It decodes one stream into a buffer of a size given up front and reports nothing partial, so
 * multi-stream and damaged members are left to the streaming decoders (see decompress.ts).
 */
let loaded: Promise<Bzip2> | undefined;

/** Tweets compress 7–10×; the buffer doubles until the member fits. */
const FIRST_GUESS_RATIO = 16;
/** Members larger than this are streamed instead, so memory stays bounded by the member size. */
export const WASM_MAX_MEMBER_BYTES = 64 * 1024 * 1024;
const MAX_OUTPUT_BYTES = 1024 * 1024 * 1024;
const BLOCK_MAGIC = Buffer.from('314159265359', 'hex');

/** True when a second bz2 stream starts inside the member (pbzip2 writes such files). */
export function hasSeveralStreams(member: Buffer): boolean {
  for (let at = member.indexOf(BLOCK_MAGIC, 5); at !== -1; at = member.indexOf(BLOCK_MAGIC, at + 1)) {
    const digit = member[at - 1]!;
    if (member.toString('latin1', at - 4, at - 1) === 'BZh' && digit >= 0x31 && digit <= 0x39) return true;
  }
  return false;
}

/** The decoded member, or undefined when it does not decode whole as one stream. */
export async function wasmDecodeWhole(member: Buffer): Promise<Buffer | undefined> {
  if (hasSeveralStreams(member)) return undefined;
  const bzip2 = await (loaded ??= Bzip2.init());
  for (
    let capacity = Math.max(member.length * FIRST_GUESS_RATIO, 1 << 16);
    capacity <= MAX_OUTPUT_BYTES;
    capacity *= 2
  ) {
    try {
      const decoded = bzip2.decompress(member, capacity, { small: false });
      return Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength);
    } catch (error) {
      if (!String((error as Error).message).includes('BZ_OUTBUFF_FULL')) return undefined;
    }
  }
  return undefined;
}
