import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BuzzError } from '../domain/errors';

/**
 * The configuration of every BuzzTracker process. This is the only module that reads
 * process.env; everything else receives a Config.
 */
export interface Config {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /** Where people open the Temporal Web UI (links in CLI output and the dashboard). */
    uiUrl: string;
    /** True when TEMPORAL_ADDRESS was given: the local stack then leaves Temporal alone. */
    external: boolean;
  };
  elasticsearch: {
    url: string;
    indexPrefix: string;
    external: boolean;
  };
  store: {
    uri: string;
  };
  s3: {
    endpoint?: string;
    region: string;
    /** Both set, or neither (then the AWS SDK's own chain: profiles, instance roles, …). */
    credentials?: { accessKeyId: string; secretAccessKey: string };
    external: boolean;
  };
  webhookSecret?: string;
  googleApplicationCredentials?: string;
  /** Root of the Google APIs; only a proxy or a test server changes it. */
  googleApiRootUrl?: string;
  stack: {
    dir: string;
    elasticsearchHeap: string;
    javaHome?: string;
  };
  logLevel: string;
  api: { host: string; port: number };
  /** An API key for `kibana import` (Kibana with security on). */
  kibanaApiKey?: string;
}

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port, e.g. localhost:7233');

const envSchema = z.object({
  TEMPORAL_ADDRESS: optionalText.pipe(hostPort.optional()),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  BUZZ_TASK_QUEUE: z.string().min(1).default('buzztracker'),
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:8233'),
  ELASTICSEARCH_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  BUZZ_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" and "_", not starting with "-" or "_"')
    .default('buzz'),
  BUZZ_STORE: z
    .string()
    .regex(/^(file:.+|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?)$/, 'expected file:<dir> or s3://bucket/prefix')
    .default('file:./.buzz/store'),
  S3_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  WEBHOOK_SECRET: optionalText.pipe(z.string().min(16, 'use at least 16 characters').optional()),
  GOOGLE_APPLICATION_CREDENTIALS: optionalText,
  GOOGLE_API_ROOT_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  BUZZ_STACK_DIR: z.string().min(1).default('.stack'),
  BUZZ_ES_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, 'expected a JVM size such as 512m or 1g')
    .default('1g'),
  JAVA_HOME: optionalText,
  BUZZ_API_HOST: z.string().min(1).default('127.0.0.1'),
  BUZZ_API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  KIBANA_API_KEY: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const LOCAL_DEFAULTS = {
  temporalAddress: 'localhost:7233',
  elasticsearchUrl: 'http://localhost:9200',
  s3Endpoint: 'http://localhost:9000',
} as const;

/** The folder holding BuzzTracker's package.json, whether running from source or from dist/. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/**
 * Reads and validates the environment; one line per bad variable in the error.
 * BUZZ_STACK_DIR is relative to the project root (the stack belongs to the checkout);
 * a file: BUZZ_STORE is relative to the working directory, like any path a user types.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new BuzzError('config_invalid', `Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? LOCAL_DEFAULTS.temporalAddress,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.BUZZ_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL.replace(/\/+$/, ''),
      external: e.TEMPORAL_ADDRESS !== undefined,
    },
    elasticsearch: {
      url: e.ELASTICSEARCH_URL ?? LOCAL_DEFAULTS.elasticsearchUrl,
      indexPrefix: e.BUZZ_INDEX_PREFIX,
      external: e.ELASTICSEARCH_URL !== undefined,
    },
    store: { uri: e.BUZZ_STORE },
    s3: {
      endpoint: e.S3_ENDPOINT,
      region: e.AWS_REGION,
      credentials:
        e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
          ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY }
          : undefined,
      external: e.S3_ENDPOINT !== undefined,
    },
    webhookSecret: e.WEBHOOK_SECRET,
    googleApplicationCredentials: e.GOOGLE_APPLICATION_CREDENTIALS,
    googleApiRootUrl: e.GOOGLE_API_ROOT_URL,
    stack: {
      dir: path.resolve(PROJECT_ROOT, e.BUZZ_STACK_DIR),
      elasticsearchHeap: e.BUZZ_ES_HEAP,
      javaHome: e.JAVA_HOME,
    },
    logLevel: e.LOG_LEVEL,
    api: { host: e.BUZZ_API_HOST, port: e.BUZZ_API_PORT },
    kibanaApiKey: e.KIBANA_API_KEY,
  };
}
