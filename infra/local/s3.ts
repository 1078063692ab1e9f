import { ListBucketsCommand } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_DEFAULTS, type Config } from '../../config/config';
import { createS3Client } from '../../adapters/s3-client';
import { ensurePythonTools } from './python-tools';
import type { LocalService } from './service';

export const S3_PORT = 9000;

const LOCAL_KEYS = LOCAL_DEFAULTS.s3Credentials;

export function s3Service(config: Config): LocalService {
  const stackDir = config.stack.dir;
  const dataDir = path.join(stackDir, 's3', 'data');
  const endpoint = config.s3.endpoint ?? 'Amazon S3';
  return {
    name: 's3',
    externalBecause: config.s3.external ? `S3_ENDPOINT=${endpoint}` : undefined,
    port: S3_PORT,
    endpoints: config.s3.external
      ? { endpoint }
      : { endpoint, bucket: LOCAL_DEFAULTS.s3Bucket, keys: 'docs/getting-started.md, "The local stack"' },
    readyTimeoutMs: 30_000,
    async isHealthy() {
      // The stack's own server is checked with its own keys, whatever keys BuzzTracker is given.
      const client = createS3Client(config.s3.external ? config.s3 : { ...config.s3, credentials: LOCAL_KEYS });
      try {
        await client.send(new ListBucketsCommand({}));
        return true;
      } catch {
        return false;
      } finally {
        client.destroy();
      }
    },
    async prepare(log) {
      const tools = await ensurePythonTools(stackDir, log);
      // rclone serves each top-level folder as a bucket.
      fs.mkdirSync(path.join(dataDir, LOCAL_DEFAULTS.s3Bucket), { recursive: true });
      const rcloneConfig = path.join(stackDir, 's3', 'rclone.conf');
      if (!fs.existsSync(rcloneConfig)) fs.writeFileSync(rcloneConfig, '');
      return {
        command: tools.rclone,
        args: [
          'serve',
          's3',
          '--addr',
          `127.0.0.1:${S3_PORT}`,
          '--auth-key',
          `${LOCAL_KEYS.accessKeyId},${LOCAL_KEYS.secretAccessKey}`,
          '--config',
          rcloneConfig,
          '--log-level',
          'NOTICE',
          dataDir,
        ],
        cwd: stackDir,
        logFile: path.join(stackDir, 'logs', 's3.log'),
      };
    },
  };
}
