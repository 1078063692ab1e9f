import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { BuzzError } from '../../domain/errors';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  fs.writeFileSync(full, content);
  return full;
}

const PEM = (label: string) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(label).toString('base64')}\n-----END CERTIFICATE-----\n`;

/** The problem lines of a configuration error, without the heading. */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(BuzzError);
    return (error as BuzzError).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  throw new Error('expected the configuration to be refused');
}

describe('Temporal connection (Temporal’s own variables and profiles, via @temporalio/envconfig)', () => {
  it('reads the mTLS variables into the connection, with the files’ contents', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.example.com:7233',
      TEMPORAL_NAMESPACE: 'buzz-prod',
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.crt', PEM('client')),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'KEY'),
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.crt', PEM('ca')),
      TEMPORAL_TLS_SERVER_NAME: 'frontend.internal',
    });
    expect(config.temporal.address).toBe('temporal.example.com:7233');
    expect(config.temporal.namespace).toBe('buzz-prod');
    expect(config.temporal.external).toBe(true);
    const tls = config.temporal.connection.tls as {
      serverNameOverride: string;
      serverRootCACertificate: Uint8Array;
      clientCertPair: { crt: Uint8Array; key: Uint8Array };
    };
    expect(tls.serverNameOverride).toBe('frontend.internal');
    expect(Buffer.from(tls.serverRootCACertificate).toString()).toBe(PEM('ca'));
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toBe(PEM('client'));
    expect(Buffer.from(tls.clientCertPair.key).toString()).toBe('KEY');
  });

  it('turns TLS on for an API key (Temporal Cloud), which may come from a file', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'buzz.a1b2c.tmprl.cloud:7233',
      TEMPORAL_API_KEY_FILE: file('temporal-api-key', 'tcld-key-123\n'),
    });
    expect(config.temporal.connection).toMatchObject({ apiKey: 'tcld-key-123', tls: true });
  });

  it('reads a temporal.toml profile, and a variable overrides the profile', () => {
    const toml = file(
      'temporal.toml',
      [
        '[profile.prod]',
        'address = "prod.temporal.internal:7233"',
        'namespace = "buzz"',
        '[profile.prod.tls]',
        `server_ca_cert_path = "${file('prod-ca.crt', PEM('prod'))}"`,
        '',
      ].join('\n'),
    );
    const config = loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' });
    expect(config.temporal).toMatchObject({
      address: 'prod.temporal.internal:7233',
      namespace: 'buzz',
      external: true,
    });
    expect(config.temporal.connection.tls).toMatchObject({ serverRootCACertificate: expect.any(Uint8Array) });
    const overridden = loadConfig({
      TEMPORAL_CONFIG_FILE: toml,
      TEMPORAL_PROFILE: 'prod',
      TEMPORAL_NAMESPACE: 'other',
    });
    expect(overridden.temporal.namespace).toBe('other');
  });

  it('names the setting at fault: the variable, or the key of the profile that gave it', () => {
    expect(
      problems({ TEMPORAL_ADDRESS: 'x:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'missing.crt') }),
    ).toEqual([
      `TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read ${path.join(dir, 'missing.crt')}`,
      'TEMPORAL_TLS_CLIENT_CERT_PATH: a client certificate needs its key (TEMPORAL_TLS_CLIENT_KEY_PATH)',
    ]);
    const toml = file('bad.toml', '[profile.default]\naddress = "no-port"\n');
    expect(problems({ TEMPORAL_CONFIG_FILE: toml })).toEqual([
      `address of profile "default" in ${toml}: expected host:port, e.g. localhost:7233`,
    ]);
    expect(problems({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'staging' })).toEqual([
      `TEMPORAL_PROFILE: no profile "staging" in ${toml}`,
    ]);
  });
});

describe('Elasticsearch credentials and CA (the names Elastic’s own tools use)', () => {
  it('takes an API key, from a file too, and a CA certificate file', () => {
    const ca = file('es-ca.crt', PEM('es'));
    const config = loadConfig({
      ELASTICSEARCH_URL: 'https://es.internal:9200',
      ELASTIC_API_KEY_FILE: file('es-key', ' ZW5jb2RlZA== \n'),
      ELASTICSEARCH_CA: ca,
    });
    expect(config.elasticsearch).toMatchObject({
      url: 'https://es.internal:9200',
      auth: { apiKey: 'ZW5jb2RlZA==' },
      authSetting: 'ELASTIC_API_KEY',
      ca: { pem: PEM('es'), file: ca },
      external: true,
    });
  });

  it('takes a user and password, or an Elastic Cloud id with a normalized CA fingerprint', () => {
    expect(
      loadConfig({ ELASTICSEARCH_USERNAME: 'buzz', ELASTICSEARCH_PASSWORD: 'secret-password' }).elasticsearch,
    ).toMatchObject({
      auth: { username: 'buzz', password: 'secret-password' },
      authSetting: 'ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD',
    });
    const cloudId = `buzz:${Buffer.from('eu-west-1.aws.found.io:443$abc123$kib456').toString('base64')}`;
    const config = loadConfig({
      ELASTIC_CLOUD_ID: cloudId,
      ELASTIC_API_KEY: 'k',
      ELASTICSEARCH_CA_FINGERPRINT: 'ab'.repeat(32),
    });
    expect(config.elasticsearch).toMatchObject({
      cloudId,
      url: 'https://abc123.eu-west-1.aws.found.io:443',
      external: true,
      caFingerprint: Array(32).fill('AB').join(':'),
    });
  });

  it('refuses conflicting or incomplete settings, naming each and never a value', () => {
    const lines = problems({
      ELASTICSEARCH_URL: 'http://es:9200',
      ELASTIC_CLOUD_ID: 'not-an-id',
      ELASTIC_API_KEY: 'the-api-key-value',
      ELASTICSEARCH_PASSWORD: 'the-password-value',
      ELASTICSEARCH_CA: path.join(dir, 'nope.crt'),
    });
    expect(lines).toEqual([
      'ELASTIC_CLOUD_ID: ELASTICSEARCH_URL is set too; set only one of them',
      'ELASTIC_API_KEY: ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD are set too; use one credential',
      `ELASTICSEARCH_CA: cannot read ${path.join(dir, 'nope.crt')} (ENOENT)`,
      'ELASTIC_CLOUD_ID: not an Elastic Cloud id (expected name:base64, as the Cloud console shows it)',
    ]);
    expect(lines.join('\n')).not.toMatch(/the-api-key-value|the-password-value/);
    expect(problems({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_CA: file('ok.crt', PEM('x')) })).toEqual([
      'ELASTICSEARCH_CA: ELASTICSEARCH_URL (http://es:9200) is not https, so no certificate is checked',
    ]);
  });
});

describe('secrets from files (…_FILE, as Kubernetes mounts them)', () => {
  it('reads every secret variable from its file, trimmed', () => {
    const config = loadConfig({
      WEBHOOK_SECRET_FILE: file('webhook', 'a-webhook-secret-of-32-characters\n'),
      BUZZ_API_TOKENS_FILE: file('tokens', 'token-one-0123456789\ntoken-two-0123456789\n'),
      AWS_ACCESS_KEY_ID_FILE: file('aws-id', 'AKIAEXAMPLE'),
      AWS_SECRET_ACCESS_KEY_FILE: file('aws-secret', 'aws-secret-value'),
      KIBANA_API_KEY_FILE: file('kibana', 'kibana-key'),
    });
    expect(config.webhookSecret).toBe('a-webhook-secret-of-32-characters');
    expect(config.api.tokens).toEqual(['token-one-0123456789', 'token-two-0123456789']);
    expect(config.s3.credentials).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'aws-secret-value' });
    expect(config.kibanaApiKey).toBe('kibana-key');
  });

  it('refuses a variable set both ways, and an unreadable file, naming the variable', () => {
    expect(
      problems({
        WEBHOOK_SECRET: 'a-webhook-secret-of-32-characters',
        WEBHOOK_SECRET_FILE: file('webhook2', 'other'),
        ELASTIC_API_KEY_FILE: path.join(dir, 'absent-key'),
      }),
    ).toEqual([
      `ELASTIC_API_KEY_FILE: cannot read ${path.join(dir, 'absent-key')} (ENOENT)`,
      'WEBHOOK_SECRET_FILE: WEBHOOK_SECRET is set too; set only one of them',
    ]);
  });

  it('says a token is too short without showing it', () => {
    const lines = problems({ BUZZ_API_TOKENS: 'short-token,another-long-enough-token' });
    expect(lines).toEqual(['BUZZ_API_TOKENS.0: each token needs at least 16 characters']);
    expect(lines.join('\n')).not.toContain('short-token');
  });
});

describe('S3 and API access settings', () => {
  it('S3_ENDPOINT=aws is Amazon S3 with the SDK’s credential chain; a URL is that server', () => {
    expect(loadConfig({ S3_ENDPOINT: 'aws', AWS_REGION: 'eu-west-1' }).s3).toEqual({
      endpoint: undefined,
      region: 'eu-west-1',
      credentials: undefined,
      credentialSource: 'the AWS SDK’s credential chain (AWS_PROFILE, web identity, instance or pod role)',
      external: true,
    });
    expect(
      loadConfig({ S3_ENDPOINT: 'https://minio.internal', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' })
        .s3,
    ).toMatchObject({
      endpoint: 'https://minio.internal',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
    expect(problems({ S3_ENDPOINT: 'aws', AWS_ACCESS_KEY_ID: 'id' })).toEqual([
      'AWS_SECRET_ACCESS_KEY: needed with AWS_ACCESS_KEY_ID',
    ]);
    expect(problems({ S3_ENDPOINT: 'minio:9000' })).toEqual(['S3_ENDPOINT: expected aws or an http(s) URL']);
  });

  it('reads the trusted proxy list and the user header, and refuses a bad address', () => {
    expect(
      loadConfig({
        BUZZ_API_TRUSTED_PROXY: '10.0.0.0/8, 127.0.0.1',
        BUZZ_API_USER_HEADER: 'X-Auth-Request-User',
        BUZZ_API_ALLOW_UNAUTHENTICATED: 'true',
      }).api,
    ).toMatchObject({
      trustedProxies: ['10.0.0.0/8', '127.0.0.1'],
      userHeader: 'x-auth-request-user',
      allowUnauthenticated: true,
    });
    expect(problems({ BUZZ_API_TRUSTED_PROXY: 'proxy.internal' })).toEqual([
      'BUZZ_API_TRUSTED_PROXY: expected IP addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1',
    ]);
  });
});
