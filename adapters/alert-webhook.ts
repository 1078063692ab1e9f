import { BuzzError, describeError } from '../domain/errors';
import { signedJsonHeaders } from '../domain/signature';

/** An attempt that gets no answer in this long failed (and is retried). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * POSTs an alert's JSON body, signed like the sheet hook (X-Buzz-Timestamp, X-Buzz-Signature)
 * and named by X-Buzz-Alert-Id, so a receiver can drop a copy it has already seen. Any 2xx
 * delivers it. A 4xx other than 408 and 429 is the receiver refusing this request for good
 * (`alert_webhook_refused`); an unreachable host, a timeout, a 5xx, 408 or 429 can pass
 * (`alert_webhook_failed`). Messages name the host only: a webhook's path is its credential.
 */
export async function postAlert(
  webhook: { url: string; secret: string },
  alertId: string,
  body: unknown,
): Promise<void> {
  const raw = JSON.stringify(body);
  const host = new URL(webhook.url).host;
  let response: Response;
  try {
    response = await fetch(webhook.url, {
      method: 'POST',
      headers: { ...signedJsonHeaders(webhook.secret, raw), 'x-buzz-alert-id': alertId },
      body: raw,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? describeError(error);
    throw new BuzzError('alert_webhook_failed', `The alert webhook at ${host} did not answer: ${reason}`, {
      cause: error,
    });
  }
  await response.body?.cancel();
  if (response.ok) return;
  const passing = response.status >= 500 || response.status === 408 || response.status === 429;
  throw new BuzzError(
    passing ? 'alert_webhook_failed' : 'alert_webhook_refused',
    `The alert webhook at ${host} answered ${response.status} ${response.statusText}`.trim(),
  );
}
