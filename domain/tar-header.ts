/**
 * Reading tar headers (POSIX ustar, GNU long names, pax extended headers). Ingestion needs each
 * member's byte offset in the archive so that every hour of a day can be read on its own with
 * range requests; streaming tar libraries do not expose offsets, so the header format is read
 * here. Tar archives are written with a library (tar-stream).
 */
export const BLOCK = 512;

export type TarEntryType = 'file' | 'gnu-longname' | 'pax' | 'pax-global' | 'other';

export interface TarHeader {
  name: string;
  size: number;
  type: TarEntryType;
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function numeric(block: Buffer, start: number, length: number): number {
  // GNU base-256: the high bit of the first byte set, then a big-endian binary number.
  if ((block[start]! & 0x80) !== 0) {
    let value = block[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const digits = text(block, start, length).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}

function checksumMatches(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum === numeric(block, 148, 8);
}

/** One 512-byte header block: a header, the end-of-archive marker (a zero block), or invalid. */
export function parseTarHeader(block: Buffer): TarHeader | 'end' | 'invalid' {
  if (block.length < BLOCK) return 'invalid';
  if (block.every((byte) => byte === 0)) return 'end';
  if (!checksumMatches(block)) return 'invalid';
  const size = numeric(block, 124, 12);
  if (!Number.isFinite(size) || size < 0) return 'invalid';
  const flag = String.fromCharCode(block[156]!);
  const type: TarEntryType =
    flag === '0' || flag === '\0' || flag === '7'
      ? 'file'
      : flag === 'L'
        ? 'gnu-longname'
        : flag === 'x'
          ? 'pax'
          : flag === 'g'
            ? 'pax-global'
            : 'other';
  const magic = text(block, 257, 6);
  const prefix = magic.startsWith('ustar') ? text(block, 345, 155) : '';
  const name = text(block, 0, 100);
  return { name: prefix ? `${prefix}/${name}` : name, size, type };
}

/** The bytes a member's data occupies, padded to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** The `path` record of a pax extended header ("<length> path=<value>\n" records). */
export function paxPath(data: Buffer): string | undefined {
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) return undefined;
    const length = parseInt(data.subarray(offset, space).toString('ascii'), 10);
    if (!Number.isFinite(length) || length <= 0) return undefined;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (record.slice(0, equals) === 'path') return record.slice(equals + 1);
    offset += length;
  }
  return undefined;
}

/** A GNU long name's data is the name, NUL-terminated. */
export function longName(data: Buffer): string {
  const end = data.indexOf(0);
  return data.subarray(0, end < 0 ? data.length : end).toString('utf8');
}
