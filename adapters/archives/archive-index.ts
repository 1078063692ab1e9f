import yauzl from 'yauzl';
import { parseMemberName, type Compression } from '../../domain/archive-layout';
import { BuzzError, describeError, isBuzzError } from '../../domain/errors';
import { BLOCK, longName, paddedSize, parseTarHeader, paxPath } from '../../domain/tar-header';
import type { ArchiveFile } from './archive-file';
import { ArchiveRangeReader } from './zip-reader';
import type { Container, SkippedEntry } from '../../domain/archive-layout';

/** A per-minute member of a day's archive, located so that it can be read on its own. */
export interface ArchiveMember {
  name: string;
  hour: number;
  minute: number;
  compression: Compression;
  /** tar: where the member's bytes start; zip: where its local header starts. */
  offset: number;
  /** Bytes of the member in the archive (compressed size for zip). */
  size: number;
  /** The archive ends inside this member. */
  truncated: boolean;
}

export interface ArchiveIndex {
  uri: string;
  size: number;
  container: Container;
  members: ArchiveMember[];
  /** Entries that are not stream members. */
  skipped: SkippedEntry[];
  /** Why the archive could not be read to its end, when it could not. */
  damage?: string;
}

export async function detectContainer(file: ArchiveFile): Promise<Container> {
  const head = await file.readBytes(0, BLOCK);
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  return 'tar';
}

/** Reads the tar headers only, seeking over member data: one small read per member. */
async function indexTar(file: ArchiveFile): Promise<Pick<ArchiveIndex, 'members' | 'skipped' | 'damage'>> {
  const members: ArchiveMember[] = [];
  const skipped: SkippedEntry[] = [];
  let offset = 0;
  let pendingName: string | undefined;
  let ended = false;
  while (offset + BLOCK <= file.size) {
    const header = parseTarHeader(await file.readBytes(offset, BLOCK));
    if (header === 'end') {
      ended = true;
      break;
    }
    if (header === 'invalid') {
      return {
        members,
        skipped,
        damage: `invalid tar header at byte ${offset}: the rest of the archive is unreadable`,
      };
    }
    const dataStart = offset + BLOCK;
    const available = Math.min(header.size, file.size - dataStart);
    if (header.type === 'gnu-longname' || header.type === 'pax') {
      const data = await file.readBytes(dataStart, header.size);
      pendingName = header.type === 'pax' ? (paxPath(data) ?? pendingName) : longName(data);
    } else if (header.type === 'file') {
      const name = pendingName ?? header.name;
      pendingName = undefined;
      const parsed = parseMemberName(name);
      if (parsed) {
        members.push({ name, ...parsed, offset: dataStart, size: available, truncated: available < header.size });
      } else {
        skipped.push({ name, reason: 'not a stream member (YYYY/MM/DD/HH/MM.json[.bz2|.gz])' });
      }
    }
    if (available < header.size) break;
    offset = dataStart + paddedSize(header.size);
  }
  return { members, skipped, damage: ended ? undefined : `the tar archive is truncated at byte ${file.size}` };
}

/** yauzl's complaints about the bytes of an archive (rather than about reading them). */
const ZIP_FORMAT_ERROR =
  /signature|central directory|zip64|invalid|comment length|not supported|unsupported|too large|overflows|extra field/i;

/** Reads the zip central directory: one range read at the end of the archive. */
async function indexZip(file: ArchiveFile): Promise<Pick<ArchiveIndex, 'members' | 'skipped' | 'damage'>> {
  const members: ArchiveMember[] = [];
  const skipped: SkippedEntry[] = [];
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new ArchiveRangeReader(file), file.size, { autoClose: false });
  } catch (error) {
    // A failed read (an HTTP 503, a network blip) is the reader's own error, retryable as it says;
    // only what yauzl finds wrong in the bytes means the archive itself is unreadable.
    if (isBuzzError(error) || !(error instanceof Error) || !ZIP_FORMAT_ERROR.test(error.message)) throw error;
    throw new BuzzError('archive_unreadable', `${file.uri} is not a readable zip archive: ${describeError(error)}`, {
      cause: error,
    });
  }
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const parsed = parseMemberName(entry.fileName);
      if (!parsed) {
        skipped.push({ name: entry.fileName, reason: 'not a stream member (YYYY/MM/DD/HH/MM.json[.bz2|.gz])' });
        continue;
      }
      const end = entry.relativeOffsetOfLocalHeader + entry.compressedSize;
      members.push({
        name: entry.fileName,
        ...parsed,
        offset: entry.relativeOffsetOfLocalHeader,
        size: entry.compressedSize,
        truncated: end > file.size,
      });
    }
  } finally {
    zip.close();
  }
  return { members, skipped };
}

/** Lists the members of a day's archive with their hours and positions. */
export async function indexArchive(file: ArchiveFile): Promise<ArchiveIndex> {
  const container = await detectContainer(file);
  const { members, skipped, damage } = container === 'zip' ? await indexZip(file) : await indexTar(file);
  members.sort((a, b) => a.hour - b.hour || a.minute - b.minute || a.name.localeCompare(b.name));
  return { uri: file.uri, size: file.size, container, members, skipped, damage };
}
