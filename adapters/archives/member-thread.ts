import { Readable } from 'node:stream';
import type { Compression } from '../../domain/archive-layout';
import { describeError } from '../../domain/errors';
import type { LanguageFilter } from '../../domain/languages';
import { MemberLines, type SortedLines } from '../../domain/member-lines';
import { scorerOf } from '../../domain/tweet';
import { MemberDecodeError, decompress, type Bz2Decoder } from './decompress';
import { forEachLine } from './lines';

/** One archive member's raw (still compressed) bytes and how to read them. */
export interface MemberTask {
  bytes: Uint8Array;
  compression: Compression;
  decoder: Bz2Decoder;
  languages: LanguageFilter;
  /** Whether kept posts are scored for sentiment (false: `sentiment` is null). */
  scoreSentiment: boolean;
  /** The archive ends inside this member: whatever goes wrong decoding it is the cut, not a bug. */
  truncated: boolean;
}

export interface SortedMember extends SortedLines {
  /** Why the member did not decode to its end; its lines before the damage are counted. */
  failure?: string;
}

async function* counted(chunks: AsyncIterable<Buffer>, add: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    add(chunk.length);
    yield chunk;
  }
}

/** Runs on a pool thread (member-pool.ts): decodes one member and sorts its lines. */
export default async function sortMember(task: MemberTask): Promise<SortedMember> {
  const lines = new MemberLines(task.languages, scorerOf(task.scoreSentiment));
  const raw = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  try {
    const json = decompress(Readable.from([raw]), task.compression, task.decoder, raw.length);
    await forEachLine(
      counted(json, (bytes) => (lines.counts.bytes_json += bytes)),
      (line, complete) => lines.add(line, complete),
    );
    return lines.sorted();
  } catch (error) {
    if (!(error instanceof MemberDecodeError) && !task.truncated) throw error;
    return { ...lines.sorted(), failure: describeError(error) };
  }
}
