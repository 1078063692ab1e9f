import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, errors } from '@elastic/elasticsearch';
import type { Config } from '../../config/config';
import { BuzzError } from '../../domain/errors';
import { ensureLocalCertificates, privateDir } from './certificates';
import { createBuzzApiKey, updateBuzzApiKey } from './elasticsearch-api-key';
import { nodeFolders, prepareNode } from './elasticsearch';
import type { LocalService } from './service';

export const SECURE_ELASTICSEARCH_PORT = 9201;
const SECURE_TRANSPORT_PORT = 9301;
/** By name, not 127.0.0.1: the node's certificate names `localhost` only. */
export const SECURE_ELASTICSEARCH_URL = `https://localhost:${SECURE_ELASTICSEARCH_PORT}`;
/** The file-realm superuser that sets the node up (API keys); BuzzTracker itself uses its API key. */
export const SECURE_ADMIN_USER = 'buzz-admin';
/** The name of BuzzTracker's API key on the node. */
const API_KEY_NAME = 'buzztracker';
/**
 * The stack's key holds the role file as written, for `buzz-*`: the default prefix and any prefix
 * that starts with `buzz-` (tests use their own), whatever the environment of `stack up`.
 */
const STACK_KEY_PREFIX = 'buzz';

/** The secured node's files that clients and people use, all in `<stack dir>/secure/`. */
export function secureElasticsearchFiles(config: Config) {
  const dir = path.join(config.stack.dir, 'secure');
  return {
    dir,
    /** The stack's CA (certificates.ts), which signed the node's certificate. */
    ca: path.join(dir, 'ca.crt'),
    adminPassword: path.join(dir, 'elasticsearch-admin.password'),
    /** BuzzTracker's API key, encoded (ELASTIC_API_KEY_FILE). */
    apiKey: path.join(dir, 'elasticsearch-api-key'),
  };
}

function readSecret(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function writeSecret(file: string, value: string): void {
  privateDir(path.dirname(file));
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** A client of the secured node, trusting the stack's CA, with the given credential. */
export function secureElasticsearchClient(
  config: Config,
  auth: { apiKey: string } | { username: string; password: string },
  options: { requestTimeout?: number; maxRetries?: number } = {},
): Client {
  return new Client({
    node: SECURE_ELASTICSEARCH_URL,
    auth,
    tls: { ca: fs.readFileSync(secureElasticsearchFiles(config).ca) },
    requestTimeout: options.requestTimeout ?? 30_000,
    maxRetries: options.maxRetries ?? 0,
  });
}

/** A client as the set-up superuser; undefined until the first `stack up --secure` made its password. */
export function secureAdminClient(
  config: Config,
  options: { requestTimeout?: number; maxRetries?: number } = {},
): Client | undefined {
  const files = secureElasticsearchFiles(config);
  const password = readSecret(files.adminPassword);
  if (!password || !fs.existsSync(files.ca)) return undefined;
  return secureElasticsearchClient(config, { username: SECURE_ADMIN_USER, password }, options);
}

/**
 * Sets the superuser's password in the node's file realm (`users`, `users_roles` in its config
 * folder) with the distribution's own tool, which reads it from stdin, not from its arguments.
 */
function setAdminPassword(home: string, javaHome: string, confDir: string, password: string): void {
  const users = path.join(confDir, 'users');
  const known =
    fs.existsSync(users) &&
    fs
      .readFileSync(users, 'utf8')
      .split('\n')
      .some((line) => line.startsWith(`${SECURE_ADMIN_USER}:`));
  try {
    execFileSync(
      path.join(home, 'bin', 'elasticsearch-users'),
      known ? ['passwd', SECURE_ADMIN_USER] : ['useradd', SECURE_ADMIN_USER, '-r', 'superuser'],
      {
        input: `${password}\n${password}\n`,
        env: { ...process.env, ES_JAVA_HOME: javaHome, ES_PATH_CONF: confDir },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
  } catch (error) {
    const output = `${(error as { stdout?: Buffer }).stdout?.toString() ?? ''}${(error as { stderr?: Buffer }).stderr?.toString() ?? ''}`;
    throw new BuzzError('install_failed', `elasticsearch-users could not set up ${SECURE_ADMIN_USER}:\n${output}`, {
      cause: error,
    });
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof errors.ResponseError && error.statusCode === 401;
}

/** True when the node accepts the API key; false when it refuses it (invalidated, expired, unknown). */
async function apiKeyWorks(config: Config, apiKey: string): Promise<boolean> {
  const es = secureElasticsearchClient(config, { apiKey });
  try {
    await es.security.authenticate();
    return true;
  } catch (error) {
    if (isUnauthorized(error)) return false;
    throw error;
  } finally {
    await es.close();
  }
}

/**
 * A node that has just started answers before its security index is created (or recovered) and
 * its shard started; until then API keys can neither be made nor checked. Waits for that index.
 */
async function securityIndexReady(admin: Client): Promise<void> {
  await admin.cluster.health(
    { index: '.security', wait_for_status: 'yellow', timeout: '60s' },
    { requestTimeout: 70_000, ignore: [408] },
  );
}

function securityIndexStarting(error: unknown): boolean {
  return (
    error instanceof errors.ResponseError &&
    error.statusCode === 503 &&
    /unavailable_shards_exception|security index is unavailable|no_shard_available/.test(JSON.stringify(error.body))
  );
}

/**
 * Keeps a working BuzzTracker API key in `key.file`: the key there while the node accepts it
 * (given the role file's current privileges), else a new one named `key.name`, after every
 * older key of that name is invalidated, so that only the key in the file works.
 */
export async function ensureBuzzApiKey(
  config: Config,
  admin: Client,
  key: { file: string; name: string; indexPrefix: string },
  log: (line: string) => void = () => undefined,
): Promise<'kept' | 'updated' | 'created'> {
  const prefix = key.indexPrefix;
  const current = readSecret(key.file);
  if (current && (await apiKeyWorks(config, current))) {
    try {
      if (!(await updateBuzzApiKey(admin, current, prefix))) return 'kept';
      log(`gave the API key in ${key.file} the privileges the role file now has`);
      return 'updated';
    } catch (error) {
      // Not a key of the set-up user: replace it with one that is.
      if (!(error instanceof errors.ResponseError && error.statusCode === 404)) throw error;
    }
  }
  await admin.security.invalidateApiKey({ name: key.name, owner: true });
  writeSecret(key.file, await createBuzzApiKey(admin, { name: key.name, indexPrefix: prefix }));
  log(current ? `the node refused the API key in ${key.file}: made a new one` : `made the API key ${key.file}`);
  return 'created';
}

/**
 * Elasticsearch with security on and HTTPS, beside the open node (`stack up --secure`): the same
 * installation, its own folders under `<stack dir>/elasticsearch-secure/`, a file-realm
 * superuser for set-up only, and a least-privilege API key for BuzzTracker.
 */
export function secureElasticsearchService(config: Config): LocalService {
  const files = secureElasticsearchFiles(config);
  const folders = nodeFolders(path.join(config.stack.dir, 'elasticsearch-secure'));
  return {
    name: 'elasticsearch-secure',
    port: SECURE_ELASTICSEARCH_PORT,
    // Addresses and files only: never the password or the key themselves.
    endpoints: {
      https: SECURE_ELASTICSEARCH_URL,
      ca: files.ca,
      'api key file': files.apiKey,
      [`${SECURE_ADMIN_USER} password file`]: files.adminPassword,
    },
    readyTimeoutMs: 180_000,
    async isHealthy(): Promise<boolean> {
      const admin = secureAdminClient(config, { requestTimeout: 2_000 });
      if (!admin) return false;
      try {
        const health = await admin.cluster.health();
        return health.status === 'green' || health.status === 'yellow';
      } catch {
        return false;
      } finally {
        await admin.close();
      }
    },
    prepare: (log) =>
      prepareNode(
        config,
        {
          identity: {
            cluster: 'buzztracker-local-secure',
            node: 'buzz-local-secure',
            httpPort: SECURE_ELASTICSEARCH_PORT,
            transportPort: SECURE_TRANSPORT_PORT,
            security: [
              'xpack.security.enabled: true',
              '# HTTPS with the stack CA’s certificate for localhost, copied into certs/ here.',
              'xpack.security.http.ssl.enabled: true',
              'xpack.security.http.ssl.certificate: certs/elasticsearch.crt',
              'xpack.security.http.ssl.key: certs/elasticsearch.key',
              'xpack.security.http.ssl.certificate_authorities: [certs/ca.crt]',
              '# A single node on loopback: its transport layer joins no other node.',
              'xpack.security.transport.ssl.enabled: false',
            ],
          },
          folders,
          logFile: path.join(config.stack.dir, 'logs', 'elasticsearch-secure.log'),
          configure({ home, javaHome }) {
            const certificates = ensureLocalCertificates(files.dir);
            const certs = path.join(folders.conf, 'certs');
            fs.mkdirSync(certs, { recursive: true });
            fs.copyFileSync(certificates.ca.cert, path.join(certs, 'ca.crt'));
            // The full chain, as a production node serves it: clients that pin the CA by its
            // fingerprint (ELASTICSEARCH_CA_FINGERPRINT) find it in the handshake.
            fs.writeFileSync(
              path.join(certs, 'elasticsearch.crt'),
              fs.readFileSync(certificates.elasticsearch.cert, 'utf8') + fs.readFileSync(certificates.ca.cert, 'utf8'),
            );
            fs.copyFileSync(certificates.elasticsearch.key, path.join(certs, 'elasticsearch.key'));
            fs.chmodSync(path.join(certs, 'elasticsearch.key'), 0o600);
            let password = readSecret(files.adminPassword);
            if (!password) {
              password = randomBytes(24).toString('base64url');
              writeSecret(files.adminPassword, password);
            }
            setAdminPassword(home, javaHome, folders.conf, password);
          },
        },
        log,
      ),
    async afterHealthy(log): Promise<void> {
      const admin = secureAdminClient(config);
      if (!admin) throw new BuzzError('service_failed', `No ${SECURE_ADMIN_USER} password in ${files.adminPassword}`);
      try {
        await securityIndexReady(admin);
        // On a first start the security index is made by the first call that needs it, and its
        // shard starts a moment later: those calls answer 503 until then.
        for (const deadline = Date.now() + 60_000; ;) {
          try {
            await ensureBuzzApiKey(
              config,
              admin,
              { file: files.apiKey, name: API_KEY_NAME, indexPrefix: STACK_KEY_PREFIX },
              log,
            );
            break;
          } catch (error) {
            if (!securityIndexStarting(error) || Date.now() > deadline) throw error;
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
      } finally {
        await admin.close();
      }
    },
    clientEnv: () => ({
      ELASTICSEARCH_URL: SECURE_ELASTICSEARCH_URL,
      ELASTICSEARCH_CA: files.ca,
      ELASTIC_API_KEY_FILE: files.apiKey,
    }),
  };
}
