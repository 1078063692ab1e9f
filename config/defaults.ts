/** The local stack's addresses and its S3 server's identity: what BuzzTracker uses when nothing else is configured. */
export const LOCAL_DEFAULTS = {
  temporalAddress: 'localhost:7233',
  s3Endpoint: 'http://localhost:9000',
  /**
   * The local S3-protocol server's fixed identity. It listens on loopback only and holds test
   * data, so these are not secrets.
   */
  s3Credentials: { accessKeyId: 'buzztracker', secretAccessKey: 'buzztracker-local-only' },
  s3Bucket: 'buzz-test',
} as const;

/**
 * The HTTP ports of the local stack's Elasticsearch nodes (BUZZ_ES_NODES): the first on 9200, the
 * others from 9212 on (9201 is the secured node's).
 */
export function localElasticsearchPorts(nodes: number): number[] {
  return Array.from({ length: nodes }, (_, i) => (i === 0 ? 9200 : 9210 + i + 1));
}

export function localElasticsearchUrls(nodes: number): string[] {
  return localElasticsearchPorts(nodes).map((port) => `http://localhost:${port}`);
}
