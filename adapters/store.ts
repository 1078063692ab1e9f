import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { BuzzError } from '../domain/errors';
import { FileStore } from './file-store';
import type { ObjectStore } from './object-store';
import { S3Store } from './s3-store';

/**
 * Opens the store named by a BUZZ_STORE URI: `file:<dir>` (relative to the working
 * directory) or `s3://bucket/prefix` (through the given S3 client).
 */
export function openStore(uri: string, s3: () => S3Client): ObjectStore {
  if (uri.startsWith('file:')) return new FileStore(uri, path.resolve(uri.slice('file:'.length)));
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match) return new S3Store(uri, s3(), match[1]!, match[2]!.replace(/\/+$/, ''));
  throw new BuzzError('store_uri_invalid', `Unknown store ${uri}: expected file:<dir> or s3://bucket/prefix`);
}
