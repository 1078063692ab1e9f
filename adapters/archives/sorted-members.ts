import { buffer } from 'node:stream/consumers';
import type { LanguageFilter } from '../../domain/languages';
import type { ArchiveFile } from './archive-file';
import type { ArchiveIndex, ArchiveMember } from './archive-index';
import type { Bz2Decoder } from './decompress';
import type { MemberPool } from './member-pool';
import { openMemberReader } from './member-reader';
import type { SortedMember } from './member-thread';

export interface MemberSorting {
  pool: MemberPool;
  decoder: Bz2Decoder;
  languages: LanguageFilter;
  scoreSentiment: boolean;
  /** Called before each member is read (cancellation, heartbeats). */
  beforeMember?: (position: number) => void;
}

/**
 * An archive's members, read here in order and decoded and sorted on the pool's threads a few
 * ahead (two per thread); their results come back in member order, so what is written from them
 * is the same on every run. Each comes with the compressed bytes read.
 */
export async function* sortedMembers(
  file: ArchiveFile,
  index: Pick<ArchiveIndex, 'container'>,
  members: ArchiveMember[],
  sorting: MemberSorting,
): AsyncGenerator<{ member: ArchiveMember; sorted: SortedMember; bytesIn: number }> {
  const reader = await openMemberReader(file, index.container);
  const ahead: { member: ArchiveMember; sorted: Promise<SortedMember>; bytesIn: number }[] = [];
  try {
    for (const [position, member] of members.entries()) {
      sorting.beforeMember?.(position);
      const bytes = await buffer(await reader.open(member));
      // Read before the bytes move to the thread, which leaves this buffer empty.
      const bytesIn = bytes.length;
      const sorted = sorting.pool.sort({
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        compression: member.compression,
        decoder: sorting.decoder,
        languages: sorting.languages,
        scoreSentiment: sorting.scoreSentiment,
        truncated: member.truncated,
      });
      // Awaited when its turn comes; a failure meanwhile is not left unhandled.
      sorted.catch(() => undefined);
      ahead.push({ member, sorted, bytesIn });
      if (ahead.length >= sorting.pool.threads * 2) {
        const next = ahead.shift()!;
        yield { ...next, sorted: await next.sorted };
      }
    }
    for (const next of ahead.splice(0)) yield { ...next, sorted: await next.sorted };
  } finally {
    reader.close();
  }
}
