import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config/config';
import { explainS3Error } from './s3-errors';

/**
 * An S3 client for Amazon S3 or, when an endpoint is configured, for an S3-compatible server
 * (path-style addressing, which such servers expect). Without credentials in the configuration,
 * the SDK's usual chain applies (profiles, web identity, instance and pod roles). Failures no
 * retry can mend come out of every command as one-line, non-retryable BuzzErrors naming the
 * setting (adapters/s3-errors.ts).
 */
export function createS3Client(config: Config['s3']): S3Client {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.endpoint !== undefined,
    credentials: config.credentials,
    // Range reads of archives: some S3-compatible servers (rclone among them) send the whole
    // object's checksum with a partial answer, which the SDK would then reject.
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const bucket = (args.input as { Bucket?: string }).Bucket;
        throw explainS3Error(error, config, { command: context.commandName ?? 'request', bucket });
      }
    },
    { step: 'initialize', name: 'explainS3Errors' },
  );
  return client;
}
