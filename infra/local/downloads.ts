import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { BuzzError } from '../../domain/errors';

async function sha1Of(file: string): Promise<string> {
  const hash = createHash('sha1');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Downloads `url` to `file` unless a copy with the expected SHA-1 is already there.
 * The file appears only once complete and verified, so an interrupted download is redone.
 */
export async function downloadVerified(url: string, file: string, sha1: string): Promise<void> {
  if (fs.existsSync(file) && (await sha1Of(file)) === sha1) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new BuzzError('download_failed', `Download of ${url} failed: HTTP ${response.status}`, { retryable: true });
  }
  await pipeline(
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    fs.createWriteStream(partial),
  );
  const actual = await sha1Of(partial);
  if (actual !== sha1) {
    fs.rmSync(partial, { force: true });
    throw new BuzzError('download_corrupt', `Download of ${url} has SHA-1 ${actual}, expected ${sha1}`);
  }
  fs.renameSync(partial, file);
}

/** Extracts a zip archive into `dest`, keeping the Unix permissions of its entries (scripts stay executable). */
export async function extractZip(zipFile: string, dest: string): Promise<void> {
  const zip = await yauzl.openPromise(zipFile, { autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      const target = path.resolve(dest, entry.fileName);
      if (!target.startsWith(path.resolve(dest) + path.sep)) {
        throw new BuzzError('archive_unsafe', `Zip entry ${entry.fileName} escapes ${dest}`);
      }
      if (entry.fileName.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const mode = (entry.externalFileAttributes >>> 16) & 0o777;
      await pipeline(await zip.openReadStreamPromise(entry), fs.createWriteStream(target, { mode: mode || 0o644 }));
    }
  } finally {
    zip.close();
  }
}
