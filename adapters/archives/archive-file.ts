import fs from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BuzzError } from '../../domain/errors';

/**
 * One day's archive wherever it lives, read by byte ranges so that each group of members can
 * be read on its own, by any worker, without downloading or unpacking the whole archive.
 */
export interface ArchiveFile {
  readonly uri: string;
  readonly size: number;
  /** Up to `length` bytes from `start` (fewer at the end of the file). */
  readBytes(start: number, length: number): Promise<Buffer>;
  /** The bytes [start, end) as a stream. */
  open(start: number, end: number): Promise<Readable>;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class LocalArchiveFile implements ArchiveFile {
  constructor(
    readonly uri: string,
    private readonly path: string,
    readonly size: number,
  ) {}

  async readBytes(start: number, length: number): Promise<Buffer> {
    const handle = await fs.promises.open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, this.size - start)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async open(start: number, end: number): Promise<Readable> {
    if (end <= start) return Readable.from([]);
    return fs.createReadStream(this.path, { start, end: end - 1, highWaterMark: 256 * 1024 });
  }
}

export class S3ArchiveFile implements ArchiveFile {
  constructor(
    readonly uri: string,
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly key: string,
    readonly size: number,
  ) {}

  async readBytes(start: number, length: number): Promise<Buffer> {
    return collect(await this.open(start, Math.min(this.size, start + length)));
  }

  async open(start: number, end: number): Promise<Readable> {
    if (end <= start) return Readable.from([]);
    const answer = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.key, Range: `bytes=${start}-${end - 1}` }),
    );
    return answer.Body as Readable;
  }
}

export class HttpArchiveFile implements ArchiveFile {
  constructor(
    readonly uri: string,
    readonly size: number,
  ) {}

  async readBytes(start: number, length: number): Promise<Buffer> {
    return collect(await this.open(start, Math.min(this.size, start + length)));
  }

  async open(start: number, end: number): Promise<Readable> {
    if (end <= start) return Readable.from([]);
    const response = await fetch(this.uri, { headers: { range: `bytes=${start}-${end - 1}` } });
    if (response.status !== 206 || !response.body) {
      await response.body?.cancel();
      throw new BuzzError(
        'archive_read_failed',
        `${this.uri} answered HTTP ${response.status} to a range request (expected 206)`,
        { retryable: response.status >= 500 || response.status === 429 || response.status === 200 },
      );
    }
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }
}
