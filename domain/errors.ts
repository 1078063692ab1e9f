/**
 * Every error code of BuzzTracker, and whether trying the same thing again can succeed. Errors
 * are retryable unless known to be permanent: bad input and configuration, what does not exist,
 * credentials and privileges a retry cannot change, damaged data.
 */
export const ERROR_CODES = {
  // What the user typed or configured.
  bad_input: 'permanent',
  config_invalid: 'permanent',
  api_unprotected: 'permanent',
  day_invalid: 'permanent',
  day_range_invalid: 'permanent',
  languages_invalid: 'permanent',
  source_invalid: 'permanent',
  sheet_uri_invalid: 'permanent',
  store_uri_invalid: 'permanent',
  store_key_invalid: 'permanent',
  interrupted: 'permanent',
  // What does not exist, or cannot be read as what it should be.
  not_found: 'permanent',
  archive_missing: 'permanent',
  archive_changed: 'permanent',
  archive_unreadable: 'permanent',
  archive_unsafe: 'permanent',
  member_corrupt: 'permanent',
  sheet_unreadable: 'permanent',
  bulk_refused: 'permanent',
  alert_webhook_refused: 'permanent',
  // Credentials, privileges and certificates that a retry cannot change.
  elasticsearch_unauthorized: 'permanent',
  elasticsearch_forbidden: 'permanent',
  elasticsearch_tls: 'permanent',
  s3_no_credentials: 'permanent',
  s3_unauthorized: 'permanent',
  s3_forbidden: 'permanent',
  s3_no_bucket: 'permanent',
  temporal_tls: 'permanent',
  temporal_unauthorized: 'permanent',
  temporal_search_attributes: 'permanent',
  sheet_credentials_missing: 'permanent',
  // The local stack's set-up, which a person must mend.
  prerequisite_missing: 'permanent',
  install_failed: 'permanent',
  certificate_failed: 'permanent',
  port_taken: 'permanent',
  spawn_failed: 'permanent',
  stack_permissions: 'permanent',
  service_exited: 'permanent',
  service_failed: 'permanent',
  // Passing faults: another try can succeed.
  archive_read_failed: 'retry',
  archive_source_failed: 'retry',
  bulk_failed: 'retry',
  compressor_failed: 'retry',
  download_failed: 'retry',
  download_corrupt: 'retry',
  elasticsearch_closed: 'retry',
  temporal_unreachable: 'retry',
  kibana_unreachable: 'retry',
  jetstream_unreachable: 'retry',
  alert_webhook_failed: 'retry',
  service_timeout: 'retry',
} as const satisfies Record<string, 'retry' | 'permanent'>;

export type BuzzErrorCode = keyof typeof ERROR_CODES;

/**
 * The one error type of BuzzTracker. `code` is stable and machine-readable; `retryable` tells
 * Temporal (and people) whether trying the same thing again can succeed: by its code, unless the
 * thrower knows better (a Google Sheets 503 is retryable, its 404 is not).
 */
export class BuzzError extends Error {
  readonly code: BuzzErrorCode;
  readonly retryable: boolean;

  constructor(code: BuzzErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BuzzError';
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code] === 'retry';
  }
}

export function isBuzzError(error: unknown): error is BuzzError {
  return error instanceof BuzzError;
}

/** The message of any thrown value, for logs and CLI output. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Messages that only say a failure happened further down the chain. */
const GENERIC =
  /^(Workflow execution failed|Child Workflow execution failed|Activity task failed|Activity function .* failed)?$/;
/** Failure types that say nothing about the cause. */
const GENERIC_TYPES = new Set(['Error', 'BuzzError', 'ApplicationFailure', 'TypeError']);

/**
 * The innermost meaningful reason of a failure chain (workflow → child → activity → application
 * error) and its code (a BuzzError's code, or an application failure's type).
 */
export function rootFailure(error: unknown): { message: string; code?: string } {
  const chain: { message?: string; type?: string; code?: string; cause?: unknown }[] = [];
  for (let e = error as (typeof chain)[number] | undefined; e && chain.length < 20; e = e.cause as typeof e)
    chain.push(e);
  if (chain.length === 0) return { message: String(error) };
  const innermost = [...chain].reverse().find((e) => e.message && !GENERIC.test(e.message)) ?? chain[0]!;
  const code = chain
    .slice(0, chain.indexOf(innermost) + 1)
    .reverse()
    .map((e) => e.type ?? e.code)
    .find((c) => c && !GENERIC_TYPES.has(c));
  return { message: innermost.message ?? String(error), code };
}

/** Characters of a failure's reason a one-line report keeps. */
const SHORT_REASON = 160;

/**
 * A failure in one short line: its code and the start of its reason's first line (an
 * Elasticsearch rejection's reason is a page of Java task description); `…` says there is more.
 */
export function shortFailure(error: unknown): string {
  const { message, code } = rootFailure(error);
  const line = message.split('\n')[0]!.trim();
  const cut = line.length > SHORT_REASON || line.length < message.trim().length;
  return `${code ? `[${code}] ` : ''}${line.slice(0, SHORT_REASON)}${cut ? '…' : ''}`;
}
