import type { Config, Env } from './config';
import { LOCAL_DEFAULTS } from './defaults';

/**
 * No S3_ENDPOINT: the local stack's server (with its own keys unless AWS_* keys are given), as
 * Temporal and Elasticsearch default to the local stack. `aws`: Amazon S3. A URL: that server.
 * Outside the local stack, credentials are AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or else the
 * AWS SDK's own chain.
 */
export function s3Settings(e: Env, problems: string[]): Config['s3'] {
  if (Boolean(e.AWS_ACCESS_KEY_ID) !== Boolean(e.AWS_SECRET_ACCESS_KEY))
    problems.push(
      e.AWS_ACCESS_KEY_ID
        ? 'AWS_SECRET_ACCESS_KEY: needed with AWS_ACCESS_KEY_ID'
        : 'AWS_ACCESS_KEY_ID: needed with AWS_SECRET_ACCESS_KEY',
    );
  const given =
    e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY }
      : undefined;
  const credentialSource = given
    ? 'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY'
    : e.S3_ENDPOINT === undefined
      ? 'the local stack’s keys'
      : 'the AWS SDK’s credential chain (AWS_PROFILE, web identity, instance or pod role)';
  if (e.S3_ENDPOINT === undefined) {
    return {
      endpoint: LOCAL_DEFAULTS.s3Endpoint,
      region: e.AWS_REGION,
      credentials: given ?? LOCAL_DEFAULTS.s3Credentials,
      credentialSource,
      external: false,
    };
  }
  return {
    endpoint: e.S3_ENDPOINT === 'aws' ? undefined : e.S3_ENDPOINT,
    region: e.AWS_REGION,
    credentials: given,
    credentialSource,
    external: true,
  };
}
