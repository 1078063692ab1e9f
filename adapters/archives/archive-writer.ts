import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import yazl from 'yazl';
import { BuzzError } from '../../domain/errors';
import { Bzip2Pool } from './bzip2-pool';

export type ArchiveFormat = 'tar' | 'zip';

/** Compresses with the system's bzip2, as the Archive Team's members were. */
export function bzip2(content: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('bzip2', ['-c', '-9'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) =>
      reject(
        new BuzzError('prerequisite_missing', `Missing prerequisite: bzip2 (apt-get install bzip2): ${error.message}`),
      ),
    );
    child.once('close', (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`bzip2 failed: ${stderr}`)),
    );
    child.stdin.end(content);
  });
}

/**
 * Compresses members on `parallel` compressors at once and yields them in order, so an archive
 * is written while the next members compress.
 */
async function* compressedInOrder<T extends { name: string; content: string }>(
  members: Iterable<T>,
  parallel: number,
): AsyncGenerator<{ member: T; data: Buffer }> {
  const pool = new Bzip2Pool(parallel);
  try {
    const inFlight: Promise<{ member: T; data: Buffer }>[] = [];
    for (const member of members) {
      inFlight.push(pool.compress(member.content).then((data) => ({ member, data })));
      if (inFlight.length >= parallel * 2) yield await inFlight.shift()!;
    }
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    pool.close();
  }
}

export interface WrittenArchive {
  bytesJson: number;
  bytesCompressed: number;
  members: number;
}

/** Writes a day's archive (tar or zip of bz2 members) as the Archive Team publishes it. */
export async function writeDayArchive(
  file: string,
  members: Iterable<{ name: string; content: string }>,
  format: ArchiveFormat,
  parallel = 2,
): Promise<WrittenArchive> {
  const written: WrittenArchive = { bytesJson: 0, bytesCompressed: 0, members: 0 };
  const mtime = new Date('2020-01-01T00:00:00Z');
  if (format === 'tar') {
    const pack = tar.pack();
    const done = pipeline(pack, fs.createWriteStream(file));
    for await (const { member, data } of compressedInOrder(members, parallel)) {
      await new Promise<void>((resolve, reject) =>
        pack.entry({ name: member.name, size: data.length, mtime }, data, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      written.bytesJson += Buffer.byteLength(member.content);
      written.bytesCompressed += data.length;
      written.members++;
    }
    pack.finalize();
    await done;
  } else {
    const zip = new yazl.ZipFile();
    const done = pipeline(zip.outputStream, fs.createWriteStream(file));
    for await (const { member, data } of compressedInOrder(members, parallel)) {
      zip.addBuffer(data, member.name, { compress: false, mtime });
      written.bytesJson += Buffer.byteLength(member.content);
      written.bytesCompressed += data.length;
      written.members++;
    }
    zip.end();
    await done;
  }
  return written;
}
