import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config/config';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * An S3 client for AWS or, when an endpoint is configured, for an S3-compatible server
 * (path-style addressing, which such servers expect). Without credentials, given or configured,
 * the SDK's usual chain applies (profiles, instance roles).
 */
export function createS3Client(
  config: Pick<Config['s3'], 'endpoint' | 'region' | 'credentials'>,
  credentials?: S3Credentials,
): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.endpoint !== undefined,
    credentials: credentials ?? config.credentials,
    // Range reads of archives: some S3-compatible servers (rclone among them) send the whole
    // object's checksum with a partial answer, which the SDK would then reject.
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
