import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { ArchiveFile } from './archive-file';
import type { ArchiveMember } from './archive-index';
import type { Container } from '../../domain/archive-layout';
import { ArchiveRangeReader } from './zip-reader';

/** Opens members of one archive for reading: their raw (still bz2/gz-compressed) bytes. */
export interface MemberReader {
  open(member: ArchiveMember): Promise<Readable>;
  close(): void;
}

export async function openMemberReader(file: ArchiveFile, container: Container): Promise<MemberReader> {
  if (container === 'tar') {
    return { open: (member) => file.open(member.offset, member.offset + member.size), close: () => undefined };
  }
  const zip = await yauzl.fromRandomAccessReaderPromise(new ArchiveRangeReader(file), file.size, { autoClose: false });
  const byOffset = new Map<number, yauzl.Entry>();
  for await (const entry of zip.eachEntry()) byOffset.set(entry.relativeOffsetOfLocalHeader, entry);
  return {
    async open(member) {
      const entry = byOffset.get(member.offset);
      if (!entry) throw new Error(`${member.name} is not in ${file.uri} any more`);
      return zip.openReadStreamPromise(entry);
    },
    close: () => zip.close(),
  };
}
