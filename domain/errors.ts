/**
 * The one error type of BuzzTracker. `code` is stable and machine-readable; `retryable` tells
 * Temporal (and people) whether trying the same thing again can succeed.
 */
export class BuzzError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BuzzError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export function isBuzzError(error: unknown): error is BuzzError {
  return error instanceof BuzzError;
}

/** The message of any thrown value, for logs and CLI output. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
