import type { RawStatus } from './tweet';

export const NOTICE_KINDS = ['delete', 'limit', 'status_withheld', 'user_withheld', 'scrub_geo', 'other'] as const;
export const MALFORMED_REASONS = ['invalid_json', 'truncated_line', 'unknown_shape'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type MalformedReason = (typeof MALFORMED_REASONS)[number];

/** A zero count for each notice kind. */
export function noNotices(): Record<NoticeKind, number> {
  return Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, 0])) as Record<NoticeKind, number>;
}

/** A zero count for each malformed-line reason. */
export function noMalformed(): Record<MalformedReason, number> {
  return Object.fromEntries(MALFORMED_REASONS.map((reason) => [reason, 0])) as Record<MalformedReason, number>;
}

/** What one line of the stream is. Every line is exactly one of these. */
export type StreamLine =
  | { kind: 'status'; status: RawStatus }
  | { kind: 'notice'; notice: NoticeKind; deletedId?: string }
  | { kind: 'malformed'; reason: MalformedReason };

const NOTICE_KEYS: Record<string, NoticeKind> = {
  delete: 'delete',
  limit: 'limit',
  status_withheld: 'status_withheld',
  user_withheld: 'user_withheld',
  scrub_geo: 'scrub_geo',
  disconnect: 'other',
  warning: 'other',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStatus(value: Record<string, unknown>): boolean {
  return typeof value.id_str === 'string' && isObject(value.user) && typeof value.user.id_str === 'string';
}

function deletedIdOf(value: Record<string, unknown>): string | undefined {
  const body = value.delete;
  if (!isObject(body) || !isObject(body.status)) return undefined;
  const id = body.status.id_str;
  return typeof id === 'string' && /^\d+$/.test(id) ? id : undefined;
}

/**
 * Classifies a line of the sample stream. `complete` is false for the last line of a member
 * that had no final newline: such a line that does not parse was cut off, not garbled.
 */
export function classifyLine(line: string, complete = true): StreamLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'malformed', reason: complete ? 'invalid_json' : 'truncated_line' };
  }
  if (!isObject(value)) return { kind: 'malformed', reason: 'unknown_shape' };
  if (isStatus(value)) return { kind: 'status', status: value as unknown as RawStatus };
  for (const key of Object.keys(value)) {
    const notice = NOTICE_KEYS[key];
    if (notice === 'delete') return { kind: 'notice', notice, deletedId: deletedIdOf(value) };
    if (notice) return { kind: 'notice', notice };
  }
  return { kind: 'malformed', reason: 'unknown_shape' };
}
