import fs from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import { archiveFileNames, archiveItemName } from '../../domain/archive-layout';
import type { Day } from '../../domain/days';
import { BuzzError } from '../../domain/errors';
import { SOURCE_FORMS, parseSourceUri } from '../../domain/locations';
import { HttpArchiveFile, LocalArchiveFile, S3ArchiveFile, type ArchiveFile } from './archive-file';

/** Where daily archives come from: `dir:<path>`, `s3://bucket/prefix` or `https://…` (archive.org layout). */
export interface ArchiveSource {
  readonly uri: string;
  /** The day's archive, or undefined when the source has none. */
  locate(day: Day): Promise<ArchiveFile | undefined>;
}

/** Each archive name, directly under the base or inside its archive.org item folder. */
function candidates(day: Day): string[] {
  return archiveFileNames(day).flatMap((name) => [name, `${archiveItemName(day)}/${name}`]);
}

class DirSource implements ArchiveSource {
  constructor(
    readonly uri: string,
    private readonly root: string,
  ) {}

  async locate(day: Day): Promise<ArchiveFile | undefined> {
    for (const relative of candidates(day)) {
      const file = path.join(this.root, relative);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat?.isFile()) return new LocalArchiveFile(`dir:${file}`, file, stat.size);
    }
    return undefined;
  }
}

class S3Source implements ArchiveSource {
  constructor(
    readonly uri: string,
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async locate(day: Day): Promise<ArchiveFile | undefined> {
    for (const relative of candidates(day)) {
      const key = this.prefix ? `${this.prefix}/${relative}` : relative;
      try {
        const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        return new S3ArchiveFile(`s3://${this.bucket}/${key}`, this.s3, this.bucket, key, head.ContentLength ?? 0);
      } catch (error) {
        if (!(error instanceof NotFound) && (error as { name?: string }).name !== 'NotFound') throw error;
      }
    }
    return undefined;
  }
}

class HttpSource implements ArchiveSource {
  constructor(readonly uri: string) {}

  async locate(day: Day): Promise<ArchiveFile | undefined> {
    const base = this.uri.replace(/\/+$/, '');
    for (const relative of candidates(day)) {
      const url = `${base}/${relative}`;
      const response = await fetch(url, { method: 'HEAD' });
      if (response.status === 404 || response.status === 403) continue;
      if (!response.ok) {
        throw new BuzzError('archive_source_failed', `${url} answered HTTP ${response.status}`, {
          retryable: response.status >= 500 || response.status === 429,
        });
      }
      const size = Number(response.headers.get('content-length'));
      if (!Number.isFinite(size) || size <= 0) {
        throw new BuzzError('archive_source_failed', `${url} did not say its size (content-length)`, {
          retryable: false,
        });
      }
      return new HttpArchiveFile(response.url || url, size);
    }
    return undefined;
  }
}

export function openArchiveSource(uri: string, s3: () => S3Client): ArchiveSource {
  const source = parseSourceUri(uri);
  if (source?.kind === 'dir') return new DirSource(uri, path.resolve(source.path));
  if (source?.kind === 's3') return new S3Source(uri, s3(), source.bucket, source.prefix);
  if (source?.kind === 'https') return new HttpSource(source.url);
  throw new BuzzError('source_invalid', `Unknown archive source ${uri}: expected ${SOURCE_FORMS}`);
}
