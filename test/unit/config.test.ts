import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../../config/config';
import { BuzzError } from '../../domain/errors';

describe('loadConfig', () => {
  it('gives working local defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.temporal).toMatchObject({
      connection: { address: 'localhost:7233' },
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'buzztracker',
      uiUrl: 'http://localhost:8233',
      external: false,
    });
    expect(config.temporal.connection.tls).toBeUndefined();
    expect(config.temporal.connection.apiKey).toBeUndefined();
    expect(config.elasticsearch).toEqual({
      url: 'http://localhost:9200',
      nodes: ['http://localhost:9200'],
      layout: { shards: 1, replicas: '0-1' },
      indexPrefix: 'buzz',
      external: false,
      cloudId: undefined,
      auth: undefined,
      authSetting: undefined,
      ca: undefined,
      caFingerprint: undefined,
    });
    expect(config.store.uri).toBe('file:./.buzz/store');
    // No S3_ENDPOINT: the local stack's S3 server with its own keys, like Temporal and Elasticsearch.
    expect(config.s3).toEqual({
      endpoint: 'http://localhost:9000',
      region: 'us-east-1',
      credentials: { accessKeyId: 'buzztracker', secretAccessKey: 'buzztracker-local-only' },
      credentialSource: 'the local stack’s keys',
      external: false,
    });
    expect(config.api).toEqual({
      host: '127.0.0.1',
      port: 8080,
      tokens: [],
      trustedProxies: [],
      userHeader: 'x-forwarded-user',
      allowUnauthenticated: false,
    });
    expect(config.stack.dir).toBe(path.join(PROJECT_ROOT, '.stack'));
    expect(config.stack.elasticsearchHeap).toBe('1g');
  });

  it('marks services as external when their address is configured', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      ELASTICSEARCH_URL: 'https://es.internal:9200',
      S3_ENDPOINT: 'http://minio:9000',
      BUZZ_STORE: 's3://buzz-data/prod',
    });
    expect(config.temporal).toMatchObject({ address: 'temporal.internal:7233', external: true });
    expect(config.elasticsearch).toMatchObject({ url: 'https://es.internal:9200', external: true });
    expect(config.s3).toMatchObject({ endpoint: 'http://minio:9000', external: true });
    expect(config.store.uri).toBe('s3://buzz-data/prod');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ELASTICSEARCH_URL: '', WEBHOOK_SECRET: '' })).toMatchObject({
      elasticsearch: { url: 'http://localhost:9200', external: false },
      webhookSecret: undefined,
    });
  });

  it('names every bad variable on a line of its own', () => {
    let error: unknown;
    try {
      loadConfig({
        TEMPORAL_ADDRESS: 'no-port',
        ELASTICSEARCH_URL: 'ftp://x',
        BUZZ_STORE: 'gs://bucket',
        BUZZ_INDEX_PREFIX: 'Buzz',
        WEBHOOK_SECRET: 'short',
        BUZZ_ES_HEAP: 'lots',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BuzzError);
    const lines = (error as BuzzError).message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    expect(lines.slice(1).map((line) => line.trim().split(':')[0])).toEqual([
      'TEMPORAL_ADDRESS',
      'ELASTICSEARCH_URL',
      'BUZZ_INDEX_PREFIX',
      'BUZZ_STORE',
      'WEBHOOK_SECRET',
      'BUZZ_ES_HEAP',
    ]);
    expect((error as BuzzError).code).toBe('config_invalid');
  });

  it('reads the spike alert settings: defaults, a signed webhook, and what it refuses', () => {
    expect(loadConfig({}).alerts).toEqual({
      rule: { k: 5, min_count: 20 },
      webhook: undefined,
      maxAgeDays: 3,
      counts: 'organic',
    });
    expect(loadConfig({ BUZZ_ALERT_COUNTS: 'raw' }).alerts.counts).toBe('raw');
    expect(() => loadConfig({ BUZZ_ALERT_COUNTS: 'all' })).toThrow(/BUZZ_ALERT_COUNTS/);
    expect(
      loadConfig({
        BUZZ_ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x',
        BUZZ_ALERT_WEBHOOK_SECRET: 'alert-secret-0123456789',
        BUZZ_ALERT_K: '3.5',
        BUZZ_ALERT_MIN_COUNT: '50',
        BUZZ_ALERT_MAX_AGE_DAYS: '0',
      }).alerts,
    ).toEqual({
      rule: { k: 3.5, min_count: 50 },
      webhook: { url: 'https://hooks.slack.com/services/T0/B0/x', secret: 'alert-secret-0123456789' },
      maxAgeDays: 0,
      counts: 'organic',
    });
    const problems = (env: Record<string, string>): string[] => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as BuzzError).message
          .split('\n')
          .slice(1)
          .map((line) => line.trim());
      }
    };
    expect(problems({ BUZZ_ALERT_WEBHOOK_URL: 'http://alerts.example.com/hook' })).toEqual([
      'BUZZ_ALERT_WEBHOOK_URL: use https (plain http only to localhost)',
      'BUZZ_ALERT_WEBHOOK_SECRET: required with BUZZ_ALERT_WEBHOOK_URL (alerts are signed)',
    ]);
    expect(problems({ BUZZ_ALERT_WEBHOOK_SECRET: 'alert-secret-0123456789' })).toEqual([
      'BUZZ_ALERT_WEBHOOK_SECRET: set, but BUZZ_ALERT_WEBHOOK_URL is not',
    ]);
    expect(problems({ BUZZ_ALERT_K: '-1', BUZZ_ALERT_MIN_COUNT: '2.5' }).map((line) => line.split(':')[0])).toEqual([
      'BUZZ_ALERT_K',
      'BUZZ_ALERT_MIN_COUNT',
    ]);
  });

  it('reads the Wikimedia pageviews settings: https (plain http only to localhost), a User-Agent, a request rate', () => {
    expect(loadConfig({}).wikimedia).toEqual({
      apiUrl: 'https://wikimedia.org/api/rest_v1',
      userAgent: expect.stringMatching(/^BuzzTracker\/\d+\.\d+\.\d+ \(.*WIKIMEDIA_USER_AGENT.*\)$/),
      maxRequestsPerSecond: 10,
    });
    expect(
      loadConfig({
        WIKIMEDIA_API_URL: 'http://127.0.0.1:6009/',
        WIKIMEDIA_USER_AGENT: 'StreamCo-BuzzTracker/1.0 (https://streamco.example/buzz; buzz@streamco.example)',
        WIKIMEDIA_MAX_REQUESTS_PER_SECOND: '2.5',
      }).wikimedia,
    ).toEqual({
      apiUrl: 'http://127.0.0.1:6009',
      userAgent: 'StreamCo-BuzzTracker/1.0 (https://streamco.example/buzz; buzz@streamco.example)',
      maxRequestsPerSecond: 2.5,
    });
    const problem = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        return (error as BuzzError).message.split('\n')[1]!.trim();
      }
    };
    expect(problem({ WIKIMEDIA_API_URL: 'http://wikimedia.example.org/api/rest_v1' })).toBe(
      'WIKIMEDIA_API_URL: use https (plain http only to localhost)',
    );
    expect(problem({ WIKIMEDIA_MAX_REQUESTS_PER_SECOND: '500' })).toMatch(/^WIKIMEDIA_MAX_REQUESTS_PER_SECOND: /);
  });

  it('gives the client every node of a cluster, and lays indices out as configured', () => {
    expect(
      loadConfig({ ELASTICSEARCH_URL: 'https://es1.example.com:9200, https://es2.example.com:9200' }).elasticsearch,
    ).toMatchObject({
      url: 'https://es1.example.com:9200',
      nodes: ['https://es1.example.com:9200', 'https://es2.example.com:9200'],
      external: true,
    });
    const local = loadConfig({ BUZZ_ES_NODES: '3', BUZZ_ES_SHARDS: '2', BUZZ_ES_REPLICAS: '1' });
    expect(local.elasticsearch).toMatchObject({
      nodes: ['http://localhost:9200', 'http://localhost:9212', 'http://localhost:9213'],
      layout: { shards: 2, replicas: '1' },
      external: false,
    });
    expect(local.stack.elasticsearchNodes).toBe(3);
    expect(loadConfig({ BUZZ_ES_REPLICAS: '1-all' }).elasticsearch.layout.replicas).toBe('1-all');
    let error: unknown;
    try {
      loadConfig({
        ELASTICSEARCH_URL: 'http://es1:9200,es2:9200',
        BUZZ_ES_REPLICAS: 'two',
        BUZZ_ES_NODES: '9',
      });
    } catch (e) {
      error = e;
    }
    expect(
      (error as BuzzError).message
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(':')[0]),
    ).toEqual(['ELASTICSEARCH_URL', 'BUZZ_ES_REPLICAS', 'BUZZ_ES_NODES']);
  });
});
