import type { Config } from '../config/config';
import { BuzzError, describeError } from '../domain/errors';

type Settings = Pick<Config['s3'], 'endpoint' | 'credentialSource'>;

const REFUSED_CREDENTIALS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken']);

/**
 * Turns the S3 failures that no retry can mend — no credentials, refused credentials, access
 * denied, a bucket that does not exist — into one-line, non-retryable errors naming the setting
 * to change. Anything else (NoSuchKey and NotFound included, which callers handle) is returned
 * as it is.
 */
export function explainS3Error(
  error: unknown,
  settings: Settings,
  request: { command: string; bucket?: string },
): unknown {
  const where = `S3 at ${settings.endpoint ?? 'Amazon S3'}`;
  const name = (error as { name?: string }).name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const bucket = request.bucket ? `bucket "${request.bucket}"` : 'the bucket';
  if (name === 'CredentialsProviderError')
    return new BuzzError(
      's3_no_credentials',
      `${where}: no credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or their _FILE variants), or give the process an AWS profile or role`,
      { cause: error },
    );
  if (REFUSED_CREDENTIALS.has(name))
    return new BuzzError(
      's3_unauthorized',
      `${where} refused the credentials of ${settings.credentialSource} (${name}: ${describeError(error)})`,
      { cause: error },
    );
  if (name === 'NoSuchBucket' || (status === 404 && request.command === 'HeadBucketCommand'))
    return new BuzzError(
      's3_no_bucket',
      `${where} has no ${bucket}; check the bucket in the s3:// URI (BUZZ_STORE or --source)`,
      {
        cause: error,
      },
    );
  if (name === 'AccessDenied' || (status === 403 && (name === 'Forbidden' || name === 'Unknown' || name === '')))
    return new BuzzError(
      's3_forbidden',
      `${where} denied ${request.command.replace(/Command$/, '')} on ${bucket} to the credentials of ${settings.credentialSource} (HTTP 403${name && name !== 'Unknown' ? ` ${name}` : ''}): wrong keys, or a policy without this permission`,
      { cause: error },
    );
  return error;
}
