/** The local stack's addresses and its S3 server's identity: what BuzzTracker uses when nothing else is configured. */
export const LOCAL_DEFAULTS = {
  temporalAddress: 'localhost:7233',
  elasticsearchUrl: 'http://localhost:9200',
  s3Endpoint: 'http://localhost:9000',
  /**
   * The local S3-protocol server's fixed identity. It listens on loopback only and holds test
   * data, so these are not secrets.
   */
  s3Credentials: { accessKeyId: 'buzztracker', secretAccessKey: 'buzztracker-local-only' },
  s3Bucket: 'buzz-test',
} as const;
