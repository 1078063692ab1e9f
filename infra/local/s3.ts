import { ListBucketsCommand } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_DEFAULTS, type Config } from '../../config/config';
import { createS3Client, type S3Credentials } from '../../adapters/s3-client';
import { ensurePythonTools } from './python-tools';
import type { LocalService } from './service';

export const S3_PORT = 9000;

/**
 * The local S3-protocol server's fixed identity. It listens on loopback only and holds test
 * data, so these are not secrets.
 */
export const LOCAL_S3: S3Credentials & { bucket: string } = {
  accessKeyId: 'buzztracker',
  secretAccessKey: 'buzztracker-local-only',
  bucket: 'buzz-test',
};

export function s3Service(config: Config): LocalService {
  const stackDir = config.stack.dir;
  const dataDir = path.join(stackDir, 's3', 'data');
  const endpoint = config.s3.endpoint ?? LOCAL_DEFAULTS.s3Endpoint;
  return {
    name: 's3',
    externalBecause: config.s3.external ? `S3_ENDPOINT=${endpoint}` : undefined,
    port: S3_PORT,
    endpoints: config.s3.external
      ? { endpoint }
      : { endpoint, bucket: LOCAL_S3.bucket, 'access key': `${LOCAL_S3.accessKeyId}/${LOCAL_S3.secretAccessKey}` },
    readyTimeoutMs: 30_000,
    async isHealthy() {
      const client = createS3Client({ endpoint, region: config.s3.region }, config.s3.external ? undefined : LOCAL_S3);
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
      fs.mkdirSync(path.join(dataDir, LOCAL_S3.bucket), { recursive: true });
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
          `${LOCAL_S3.accessKeyId},${LOCAL_S3.secretAccessKey}`,
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
