import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { ArchiveFile } from './archive-file';

/** Lets yauzl read a zip archive through range reads of an ArchiveFile. */
export class ArchiveRangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly file: ArchiveFile) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new Readable({ read() {} });
    this.file.open(start, end).then(
      (stream) => {
        stream.on('data', (chunk: Buffer) => out.push(chunk));
        stream.on('end', () => out.push(null));
        stream.on('error', (error) => out.destroy(error));
      },
      (error: Error) => out.destroy(error),
    );
    return out;
  }
}
