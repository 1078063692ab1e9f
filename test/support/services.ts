import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../adapters/s3-client';
import { LOCAL_DEFAULTS, loadConfig, type Config } from '../../config/config';

/** The configuration the tests run with: the local stack's defaults unless the environment says otherwise. */
export function testConfig(): Config {
  return loadConfig();
}

/** A client for the stack's S3-protocol server (or the configured one) and the bucket tests may write to. */
export function testS3(config: Config): { s3: S3Client; bucket: string } {
  if (config.s3.external) {
    const bucket = /^s3:\/\/([^/]+)/.exec(config.store.uri)?.[1];
    if (!bucket) throw new Error('With S3_ENDPOINT set, tests write to the bucket of BUZZ_STORE=s3://bucket/prefix');
    return { s3: createS3Client(config.s3), bucket };
  }
  return {
    s3: createS3Client({ ...config.s3, credentials: LOCAL_DEFAULTS.s3Credentials }),
    bucket: LOCAL_DEFAULTS.s3Bucket,
  };
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** A TCP port that was free a moment ago, for servers a test starts itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
