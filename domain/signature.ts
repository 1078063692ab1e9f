import { createHmac, timingSafeEqual } from 'node:crypto';

/** Notifications older (or further in the future) than this are refused. */
export const MAX_SKEW_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">: how the Apps Script signs sheet edits
 * and how BuzzTracker signs the spike alerts it sends.
 */
export function sign(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

/** The headers of a JSON body signed now: a spike alert, or a sheet edit as the Apps Script sends it. */
export function signedJsonHeaders(secret: string, rawBody: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-buzz-timestamp': timestamp,
    'x-buzz-signature': sign(secret, timestamp, rawBody),
  };
}

/**
 * Checks X-Buzz-Timestamp and X-Buzz-Signature against the raw body, in constant time. A missing
 * or malformed header, a stale timestamp or a wrong signature is refused with a reason for the
 * server's log (never for the caller).
 */
export function checkSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  rawBody: Buffer,
  nowSeconds: number,
): SignatureCheck {
  if (!timestamp || !signature) return { ok: false, reason: 'unsigned' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale timestamp' };
  if (!/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed signature' };
  const expected = Buffer.from(sign(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'bad signature' };
}
