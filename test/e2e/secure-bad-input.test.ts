import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { buzzRoleDescriptor } from '../../adapters/elasticsearch-role';
import { loadConfig } from '../../config/config';
import { ensureCertificateAuthority, issueCertificate } from '../../infra/local/certificates';
import { secureAdminClient } from '../../infra/local/elasticsearch-secure';
import { secureStackEnv } from '../../infra/local/stack';
import { runCli } from '../support/cli';
import { uniqueId } from '../support/services';

const ROLE = "(BuzzTracker's role: infra/elasticsearch/buzztracker-role.json)";

interface Case {
  name: string;
  /** Variables over the secured stack's, or a function of the test's files and keys. */
  env: () => Record<string, string>;
  args: string[];
  /** The one line the command prints on stderr. */
  message: () => string;
  /** 1 (a failure) unless said: 2 for input refused before anything starts. */
  code?: number;
}

/**
 * Every misconfiguration of a production deployment, tried on the real secured stack
 * (`stack up --secure`): each command exits 1 within seconds with one line that names the
 * setting or the refused operation — no hang, no retry loop, no secret in the output.
 */
describe('bad credentials, certificates and keys on the secured stack: one clear line each', () => {
  const id = uniqueId('b').slice(0, 10).replace(/-/g, '');
  const prefix = `buzz-${id}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-bad-'));
  const otherCa = ensureCertificateAuthority(dir, 'other-ca');
  const strangerClient = issueCertificate(otherCa, dir, { name: 'stranger', commonName: 'stranger', usage: 'client' });
  const keys: Record<string, string> = {};
  let admin: Client;
  let secure: Record<string, string>;
  const WRONG_KEY = Buffer.from('not-a-key-id:not-a-key-secret').toString('base64');

  beforeAll(async () => {
    const config = loadConfig();
    secure = secureStackEnv(config);
    admin = secureAdminClient(config)!;
    const role = buzzRoleDescriptor(prefix);
    const without = (privilege: string) => ({
      ...role,
      indices: role.indices!.map((entry) => ({
        ...entry,
        privileges: entry.privileges.filter((p) => p !== privilege),
      })),
    });
    const create = async (name: string, descriptor: object, expiration?: string) =>
      (
        await admin.security.createApiKey({
          name: `test-${id}-${name}`,
          role_descriptors: { buzztracker: descriptor },
          expiration,
        })
      ).encoded;
    keys.noDelete = await create('no-delete', without('delete'));
    keys.noRead = await create('no-read', without('read'));
    keys.expired = await create('expired', role, '1ms');
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(async () => {
    await admin?.security.invalidateApiKey({ name: `test-${id}-*` }).catch(() => undefined);
    await admin?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const base = () => ({
    ...secure,
    TEMPORAL_NAMESPACE: 'default',
    BUZZ_INDEX_PREFIX: prefix,
    BUZZ_STORE: `s3://buzz-test/${id}`,
    LOG_LEVEL: 'warn',
  });
  const es = 'Elasticsearch at https://localhost:9201';
  const cases: Case[] = [
    {
      name: 'a wrong Elasticsearch API key',
      env: () => ({ ELASTIC_API_KEY_FILE: '', ELASTIC_API_KEY: WRONG_KEY }),
      args: ['worker'],
      message: () =>
        `${es} refused the credential in ELASTIC_API_KEY (HTTP 401: unable to authenticate with provided credentials and anonymous access is not allowed for this request)`,
    },
    {
      name: 'an expired Elasticsearch API key',
      env: () => ({ ELASTIC_API_KEY_FILE: '', ELASTIC_API_KEY: keys.expired! }),
      args: ['shows', 'list'],
      message: () =>
        `${es} refused the credential in ELASTIC_API_KEY (HTTP 401: unable to authenticate with provided credentials and anonymous access is not allowed for this request)`,
    },
    {
      name: 'no Elasticsearch credential',
      env: () => ({ ELASTIC_API_KEY_FILE: '' }),
      args: ['api'],
      message: () =>
        `${es} requires a credential: set ELASTIC_API_KEY, or ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD`,
    },
    {
      name: 'a key without one privilege, at worker start',
      env: () => ({ ELASTIC_API_KEY_FILE: '', ELASTIC_API_KEY: keys.noDelete! }),
      args: ['worker'],
      message: () =>
        `The Elasticsearch credential in ELASTIC_API_KEY lacks what BuzzTracker needs: index privilege delete on ${prefix}-* ${ROLE}`,
    },
    {
      name: 'a key without one privilege, naming the refused operation',
      env: () => ({ ELASTIC_API_KEY_FILE: '', ELASTIC_API_KEY: keys.noRead! }),
      args: ['buzz', '--show', 'Zephyrine Hollow'],
      message: () =>
        `Elasticsearch refused indices:data/read/search on ${prefix}-shows to the credential in ELASTIC_API_KEY: it needs one of the privileges read, all ${ROLE}`,
    },
    {
      name: 'a CA that did not sign the Elasticsearch certificate',
      env: () => ({ ELASTICSEARCH_CA: otherCa.cert }),
      args: ['shows', 'list'],
      message: () =>
        `${es}: its TLS certificate is not trusted (self-signed certificate in certificate chain); it is not signed by the CA of ELASTICSEARCH_CA (${otherCa.cert})`,
    },
    {
      name: 'no CA for a self-signed Elasticsearch',
      env: () => ({ ELASTICSEARCH_CA: '' }),
      args: ['shows', 'list'],
      message: () =>
        `${es}: its TLS certificate is not trusted (self-signed certificate in certificate chain); set ELASTICSEARCH_CA to the CA certificate (PEM) that signed it, or ELASTICSEARCH_CA_FINGERPRINT`,
    },
    {
      name: 'an Elasticsearch certificate for another host',
      env: () => ({ ELASTICSEARCH_URL: 'https://127.0.0.1:9201' }),
      args: ['shows', 'list'],
      message: () =>
        "Elasticsearch at https://127.0.0.1:9201: its TLS certificate is for another host name (Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list:); use a host name its certificate holds in ELASTICSEARCH_URL",
    },
    {
      name: 'no client certificate for Temporal mTLS',
      env: () => ({ TEMPORAL_TLS_CLIENT_CERT_PATH: '', TEMPORAL_TLS_CLIENT_KEY_PATH: '' }),
      args: ['schedule', 'describe'],
      message: () =>
        'Temporal at localhost:7234 requires a client certificate (mutual TLS): set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH',
    },
    {
      name: 'a Temporal client certificate from another CA',
      env: () => ({
        TEMPORAL_TLS_CLIENT_CERT_PATH: strangerClient.cert,
        TEMPORAL_TLS_CLIENT_KEY_PATH: strangerClient.key,
      }),
      args: ['schedule', 'describe'],
      message: () =>
        'Temporal at localhost:7234 closed the connection during the TLS handshake: it did not accept the client certificate of TEMPORAL_TLS_CLIENT_CERT_PATH (not signed by a CA it trusts?)',
    },
    {
      name: 'a CA that did not sign the Temporal certificate',
      env: () => ({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: otherCa.cert }),
      args: ['schedule', 'describe'],
      message: () =>
        'Temporal at localhost:7234: its TLS certificate is not signed by the CA in TEMPORAL_TLS_SERVER_CA_CERT_PATH',
    },
    {
      name: 'a Temporal certificate for another host',
      env: () => ({ TEMPORAL_ADDRESS: '127.0.0.1:7234' }),
      args: ['schedule', 'describe'],
      message: () =>
        'Temporal at 127.0.0.1:7234: its TLS certificate is for another host name (localhost); use that name in TEMPORAL_ADDRESS, or set TEMPORAL_TLS_SERVER_NAME',
    },
    {
      name: 'Temporal over mTLS reached without TLS',
      env: () => ({
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: '',
        TEMPORAL_TLS_CLIENT_CERT_PATH: '',
        TEMPORAL_TLS_CLIENT_KEY_PATH: '',
      }),
      args: ['schedule', 'describe'],
      message: () =>
        'Temporal at localhost:7234 closed the connection; if it expects TLS, set the TEMPORAL_TLS_* settings or TEMPORAL_API_KEY',
    },
    {
      name: 'wrong S3 keys',
      env: () => ({ AWS_ACCESS_KEY_ID: 'buzztracker', AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
      args: ['worker'],
      message: () =>
        'S3 at http://localhost:9000 refused the credentials of AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.)',
    },
    {
      name: 'an S3 bucket that does not exist',
      env: () => ({ BUZZ_STORE: 's3://no-such-bucket/buzz' }),
      args: ['worker'],
      message: () =>
        'S3 at http://localhost:9000 has no bucket "no-such-bucket"; check the bucket in the s3:// URI (BUZZ_STORE or --source)',
    },
    {
      name: 'the API on a public address without access control',
      env: () => ({}),
      args: ['api', '--host', '0.0.0.0', '--port', '0'],
      code: 2,
      message: () =>
        'Refusing to serve the API on 0.0.0.0 without access control: set BUZZ_API_TOKENS (or BUZZ_API_TOKENS_FILE), or BUZZ_API_TRUSTED_PROXY for an authenticating proxy; BUZZ_API_ALLOW_UNAUTHENTICATED=true serves it open',
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const started = Date.now();
    const result = await runCli(c.args, { ...base(), ...c.env() });
    const seconds = (Date.now() - started) / 1000;
    expect({ code: result.code, stderr: result.stderr.trim(), stdout: result.stdout }).toEqual({
      code: c.code ?? 1,
      stderr: c.message(),
      stdout: '',
    });
    // Fails at once: well under the time a retry loop would take.
    expect(seconds).toBeLessThan(15);
    for (const secret of [WRONG_KEY, 'not-the-secret', keys.noDelete, keys.noRead, keys.expired])
      expect(result.stderr).not.toContain(secret);
  });
});
