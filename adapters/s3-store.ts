import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { BuzzError } from '../domain/errors';
import type { ObjectStore } from './object-store';

/** An object store in an S3 bucket under a key prefix. */
export class S3Store implements ObjectStore {
  constructor(
    readonly uri: string,
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  private keyOf(key: string): string {
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async put(key: string, body: Buffer | string | Readable): Promise<void> {
    // lib-storage sends small bodies in one PUT and streams large ones as a multipart upload;
    // S3 makes the object visible only when the upload completes.
    await new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: this.keyOf(key), Body: body },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
    }).done();
  }

  async get(key: string): Promise<Readable> {
    try {
      const answer = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      return answer.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey) {
        throw new BuzzError('not_found', `No object ${key} in ${this.uri}`, { cause: error });
      }
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.keyOf(prefix), ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(strip));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
  }
}
