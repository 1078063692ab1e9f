import fs from 'node:fs';
import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { ALERT_COUNTS, type AlertCounts } from '../domain/alerts';
import { BuzzError } from '../domain/errors';
import { DEFAULT_INDEX_LAYOUT, type IndexLayout } from '../domain/index-names';
import { isLoopbackHost } from '../domain/loopback';
import { DEFAULT_SPIKE_RULE, type SpikeRule } from '../domain/spike-rule';
import { resolveSecretFiles } from './secrets';
import { elasticsearchSettings } from './elasticsearch';
import { s3Settings } from './s3';
import { loadTemporalSettings, type TemporalConnectionOptions, type TemporalSettings } from './temporal';

/**
 * The configuration of every BuzzTracker process. This is the only module that reads
 * process.env; everything else receives a Config.
 */
export interface Config {
  temporal: {
    /** Address, TLS, API key and gRPC metadata, as `@temporalio/envconfig` reads them. */
    connection: TemporalConnectionOptions;
    /** The connection's address (also inside `connection`), for messages. */
    address: string;
    namespace: string;
    taskQueue: string;
    /** Show computations a worker runs at once (BUZZ_SHOW_COMPUTATIONS; contracts/shows.ts). */
    showComputations: number;
    /** Where people open the Temporal Web UI (links in CLI output and the dashboard). */
    uiUrl: string;
    /** True when an address was configured: the local stack then leaves Temporal alone. */
    external: boolean;
    /** The settings behind each part of the connection, as the user named them. */
    names: TemporalSettings['names'];
  };
  elasticsearch: {
    /** The (first) node's URL (with ELASTIC_CLOUD_ID, the deployment's, decoded from the id). */
    url: string;
    /** Every node the client may send requests to: ELASTICSEARCH_URL's list, or the local stack's nodes. */
    nodes: string[];
    /** How BuzzTracker's indices are laid out on the cluster (BUZZ_ES_SHARDS, BUZZ_ES_REPLICAS). */
    layout: IndexLayout;
    cloudId?: string;
    auth?: { apiKey: string } | { username: string; password: string };
    /** The variable(s) holding the credential, for messages. */
    authSetting?: string;
    /** The CA certificate (PEM) that signed the node's certificate, and the file it came from. */
    ca?: { pem: string; file: string };
    /** SHA-256 fingerprint of the CA (or node) certificate, `AA:BB:…`. */
    caFingerprint?: string;
    indexPrefix: string;
    external: boolean;
  };
  store: {
    uri: string;
  };
  s3: {
    /** Undefined: Amazon S3 itself (S3_ENDPOINT=aws). */
    endpoint?: string;
    region: string;
    /** Both set, or neither (then the AWS SDK's own chain: profiles, instance and pod roles, …). */
    credentials?: { accessKeyId: string; secretAccessKey: string };
    /** Where the credentials come from, in the words of the settings, for messages. */
    credentialSource: string;
    /** True when S3_ENDPOINT was given: the local stack then leaves S3 alone. */
    external: boolean;
  };
  webhookSecret?: string;
  googleApplicationCredentials?: string;
  /** Root of the Google APIs; only a proxy or a test server changes it. */
  googleApiRootUrl?: string;
  wikimedia: WikimediaSettings;
  stack: {
    dir: string;
    /** Nodes of the local stack's Elasticsearch cluster (BUZZ_ES_NODES). */
    elasticsearchNodes: number;
    elasticsearchHeap: string;
    javaHome?: string;
  };
  logLevel: string;
  /** Whether workers load the libbz2 addon (BUZZ_BZ2_ADDON; `npm ci` builds it unless off). */
  bz2Addon: 'on' | 'off';
  api: ApiAccessSettings & { host: string; port: number };
  /** An API key for `kibana import` (Kibana with security on). */
  kibanaApiKey?: string;
  alerts: AlertSettings;
}

/** Spike alerts (domain/spike-rule.ts, domain/alerts.ts) and where they are sent. */
export interface AlertSettings {
  /** The rule of shows whose sheet row sets none. */
  rule: SpikeRule;
  /** Slack-compatible incoming webhook; unset: alerts are recorded and listed, not sent. */
  webhook?: { url: string; secret: string };
  /** A spike found more than this many days after its day is recorded but not sent. */
  maxAgeDays: number;
  /**
   * What the daily rule counts of a show's tweets: `organic` (without its own accounts, floods and
   * bursts; domain/organic.ts) or every matching tweet (`raw`).
   */
  counts: AlertCounts;
}

/** Wikipedia pageviews (adapters/wikimedia-client.ts). */
export interface WikimediaSettings {
  /** The REST API's root: the pageviews paths hang under it. */
  apiUrl: string;
  /** Sent with every request, as Wikimedia's User-Agent policy asks: who runs this, and how to reach them. */
  userAgent: string;
  /** Requests per second over all workers (the API allows on the order of 100). */
  maxRequestsPerSecond: number;
}

/** Who may read the API and the dashboard (see api/access-control.ts). */
export interface ApiAccessSettings {
  /** Bearer tokens, any of which grants access. */
  tokens: string[];
  /** Addresses (IPs or CIDRs) of an authenticating reverse proxy whose user header is trusted. */
  trustedProxies: string[];
  /** The header in which that proxy names the signed-in user. */
  userHeader: string;
  /** Serve a non-loopback address with no access control (an explicit opt-out). */
  allowUnauthenticated: boolean;
}

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const flag = optionalText.pipe(
  z
    .enum(['true', 'false', '1', '0'], 'expected true or false')
    .optional()
    .transform((value) => value === 'true' || value === '1'),
);

const list = optionalText.transform((value) => (value ?? '').split(/[\s,]+/).filter(Boolean));

const envSchema = z.object({
  BUZZ_TASK_QUEUE: z.string().min(1).default('buzztracker'),
  BUZZ_SHOW_COMPUTATIONS: z.coerce.number().int().min(1).max(256).default(32),
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:8233'),
  ELASTICSEARCH_URL: optionalText.pipe(
    z
      .string()
      .refine(
        (value) => value.split(',').every((url) => z.url({ protocol: /^https?$/ }).safeParse(url.trim()).success),
        'expected an http(s) URL, or several separated by commas (the nodes of one cluster)',
      )
      .optional(),
  ),
  BUZZ_ES_SHARDS: z.coerce.number().int().min(1).max(64).default(DEFAULT_INDEX_LAYOUT.shards),
  BUZZ_ES_REPLICAS: z
    .string()
    .trim()
    .regex(
      /^(\d{1,2}|\d{1,2}-(\d{1,2}|all))$/,
      'expected a number of replicas (1) or an auto-expanding range (0-1, 1-all)',
    )
    .default(DEFAULT_INDEX_LAYOUT.replicas),
  BUZZ_ES_NODES: z.coerce.number().int().min(1).max(5).default(1),
  ELASTIC_CLOUD_ID: optionalText,
  ELASTIC_API_KEY: optionalText,
  ELASTICSEARCH_USERNAME: optionalText,
  ELASTICSEARCH_PASSWORD: optionalText,
  ELASTICSEARCH_CA: optionalText,
  ELASTICSEARCH_CA_FINGERPRINT: optionalText.pipe(
    z
      .string()
      .regex(/^([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$/, 'expected a SHA-256 fingerprint, 64 hex digits (colons allowed)')
      .optional(),
  ),
  BUZZ_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" and "_", not starting with "-" or "_"')
    .default('buzz'),
  BUZZ_STORE: z
    .string()
    .regex(/^(file:.+|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?)$/, 'expected file:<dir> or s3://bucket/prefix')
    .default('file:./.buzz/store'),
  S3_ENDPOINT: optionalText.pipe(
    z
      .string()
      .refine((value) => value === 'aws' || /^https?:\/\/[^\s/]+/.test(value), 'expected aws or an http(s) URL')
      .optional(),
  ),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  WEBHOOK_SECRET: optionalText.pipe(z.string().min(16, 'use at least 16 characters').optional()),
  GOOGLE_APPLICATION_CREDENTIALS: optionalText,
  GOOGLE_API_ROOT_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  WIKIMEDIA_API_URL: z.url({ protocol: /^https?$/ }).default('https://wikimedia.org/api/rest_v1'),
  WIKIMEDIA_USER_AGENT: optionalText,
  WIKIMEDIA_MAX_REQUESTS_PER_SECOND: z.coerce.number().positive().max(100).default(10),
  BUZZ_STACK_DIR: z.string().min(1).default('.stack'),
  BUZZ_ES_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, 'expected a JVM size such as 512m or 1g')
    .default('1g'),
  JAVA_HOME: optionalText,
  BUZZ_API_HOST: z.string().min(1).default('127.0.0.1'),
  BUZZ_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  BUZZ_API_TOKENS: list.pipe(z.array(z.string().min(16, 'each token needs at least 16 characters'))),
  BUZZ_API_TRUSTED_PROXY: list.pipe(
    z.array(z.string()).refine(validProxyList, 'expected IP addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1'),
  ),
  BUZZ_API_USER_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name')
    .default('X-Forwarded-User')
    .transform((value) => value.toLowerCase()),
  BUZZ_API_ALLOW_UNAUTHENTICATED: flag,
  KIBANA_API_KEY: optionalText,
  BUZZ_ALERT_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  BUZZ_ALERT_WEBHOOK_SECRET: optionalText.pipe(z.string().min(16, 'use at least 16 characters').optional()),
  BUZZ_ALERT_K: z.coerce.number().positive().default(DEFAULT_SPIKE_RULE.k),
  BUZZ_ALERT_MIN_COUNT: z.coerce.number().int().positive().default(DEFAULT_SPIKE_RULE.min_count),
  BUZZ_ALERT_MAX_AGE_DAYS: z.coerce.number().int().min(0).default(3),
  BUZZ_ALERT_COUNTS: z.enum(ALERT_COUNTS).default('organic'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BUZZ_BZ2_ADDON: z.enum(['on', 'off']).default('on'),
});

export type Env = z.infer<typeof envSchema>;

/**
 * The schema's variables by name: with the secrets' `_FILE` variants (./secrets) and Temporal's own
 * (./temporal), what docs/configuration.md must document (test/unit/docs.test.ts checks it).
 */
export const SCHEMA_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

function validProxyList(entries: string[]): boolean {
  try {
    proxyaddr.compile(entries);
    return true;
  } catch {
    return false;
  }
}

export { LOCAL_DEFAULTS } from './defaults';

/** The folder holding BuzzTracker's package.json, whether running from source or from dist/. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/**
 * Reads and validates the environment; one line per bad setting in the error, naming the
 * setting and never a secret's value. Secrets may come from files (config/secrets.ts), Temporal's
 * connection from Temporal's own variables and profiles (config/temporal.ts).
 * BUZZ_STACK_DIR is relative to the project root (the stack belongs to the checkout);
 * a file: BUZZ_STORE is relative to the working directory, like any path a user types.
 */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  const secrets = resolveSecretFiles(rawEnv);
  const env = secrets.env;
  const parsed = envSchema.safeParse(env);
  const temporal = loadTemporalSettings(env);
  const problems = [
    ...secrets.problems,
    ...temporal.problems,
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
  ];
  const e = parsed.data;
  const elasticsearch = e ? elasticsearchSettings(e, problems) : undefined;
  const s3 = e ? s3Settings(e, problems) : undefined;
  const webhook = e ? alertWebhook(e, problems) : undefined;
  const wikimedia = e ? wikimediaSettings(e, problems) : undefined;
  if (problems.length > 0 || !e || !temporal.settings || !elasticsearch || !s3 || !wikimedia) {
    throw new BuzzError('config_invalid', `Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  }
  return {
    temporal: {
      connection: temporal.settings.connection,
      address: temporal.settings.connection.address,
      namespace: temporal.settings.namespace,
      taskQueue: e.BUZZ_TASK_QUEUE,
      showComputations: e.BUZZ_SHOW_COMPUTATIONS,
      uiUrl: e.TEMPORAL_UI_URL.replace(/\/+$/, ''),
      external: temporal.settings.external,
      names: temporal.settings.names,
    },
    elasticsearch,
    store: { uri: e.BUZZ_STORE },
    s3,
    webhookSecret: e.WEBHOOK_SECRET,
    googleApplicationCredentials: e.GOOGLE_APPLICATION_CREDENTIALS,
    googleApiRootUrl: e.GOOGLE_API_ROOT_URL,
    wikimedia,
    stack: {
      dir: path.resolve(PROJECT_ROOT, e.BUZZ_STACK_DIR),
      elasticsearchNodes: e.BUZZ_ES_NODES,
      elasticsearchHeap: e.BUZZ_ES_HEAP,
      javaHome: e.JAVA_HOME,
    },
    logLevel: e.LOG_LEVEL,
    bz2Addon: e.BUZZ_BZ2_ADDON,
    api: {
      host: e.BUZZ_API_HOST,
      port: e.BUZZ_API_PORT,
      tokens: e.BUZZ_API_TOKENS,
      trustedProxies: e.BUZZ_API_TRUSTED_PROXY,
      userHeader: e.BUZZ_API_USER_HEADER,
      allowUnauthenticated: e.BUZZ_API_ALLOW_UNAUTHENTICATED,
    },
    kibanaApiKey: e.KIBANA_API_KEY,
    alerts: {
      rule: { k: e.BUZZ_ALERT_K, min_count: e.BUZZ_ALERT_MIN_COUNT },
      webhook,
      maxAgeDays: e.BUZZ_ALERT_MAX_AGE_DAYS,
      counts: e.BUZZ_ALERT_COUNTS,
    },
  };
}

/** The version this checkout is, for the User-Agent Wikimedia asks for. */
function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The pageviews API over https, or plain http to this machine (the local stand-in). */
function wikimediaSettings(e: Env, problems: string[]): WikimediaSettings | undefined {
  const { protocol, hostname } = new URL(e.WIKIMEDIA_API_URL);
  if (protocol === 'http:' && !isLoopbackHost(hostname)) {
    problems.push('WIKIMEDIA_API_URL: use https (plain http only to localhost)');
    return undefined;
  }
  return {
    apiUrl: e.WIKIMEDIA_API_URL.replace(/\/+$/, ''),
    userAgent:
      e.WIKIMEDIA_USER_AGENT ??
      `BuzzTracker/${version()} (TV show buzz measurement; set WIKIMEDIA_USER_AGENT to name your deployment and a contact)`,
    maxRequestsPerSecond: e.WIKIMEDIA_MAX_REQUESTS_PER_SECOND,
  };
}

/**
 * The alert webhook needs its signing secret, and plain http only to this machine: the URL of a
 * Slack webhook is itself a credential.
 */
function alertWebhook(e: Env, problems: string[]): AlertSettings['webhook'] {
  const url = e.BUZZ_ALERT_WEBHOOK_URL;
  if (!url) {
    if (e.BUZZ_ALERT_WEBHOOK_SECRET) problems.push('BUZZ_ALERT_WEBHOOK_SECRET: set, but BUZZ_ALERT_WEBHOOK_URL is not');
    return undefined;
  }
  const { protocol, hostname } = new URL(url);
  if (protocol === 'http:' && !isLoopbackHost(hostname))
    problems.push('BUZZ_ALERT_WEBHOOK_URL: use https (plain http only to localhost)');
  if (!e.BUZZ_ALERT_WEBHOOK_SECRET)
    problems.push('BUZZ_ALERT_WEBHOOK_SECRET: required with BUZZ_ALERT_WEBHOOK_URL (alerts are signed)');
  return { url, secret: e.BUZZ_ALERT_WEBHOOK_SECRET ?? '' };
}
