import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSignature } from '../../domain/signature';

export interface ReceivedAlert {
  alertId: string;
  /** The signature checked against the secret, over the raw body. */
  signed: boolean;
  body: { text?: string; buzz_alert?: { alert_id: string; show_key: string; date: string; tweets: number } };
  /** What the server answered. */
  status: number | 'no answer';
}

/**
 * A local server that answers as a Slack incoming webhook does (Slack cannot be reached from
 * here): a JSON POST with a `text` gets 200 "ok", anything else 400 "invalid_payload". It checks
 * BuzzTracker's signature and records every request. `mode` makes it fail the way a webhook can:
 * `error` answers 500 (Slack's "rollup_error"), `hang` never answers; `stop()` closes the port
 * (connections refused) and `start()` opens the same port again.
 */
export type AlertWebhookServer = Awaited<ReturnType<typeof startAlertWebhookServer>>;

export async function startAlertWebhookServer(secret: string) {
  const received: ReceivedAlert[] = [];
  const hanging = new Set<http.ServerResponse>();
  let mode: 'ok' | 'error' | 'hang' = 'ok';
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body: ReceivedAlert['body'];
      try {
        body = JSON.parse(raw.toString('utf8')) as ReceivedAlert['body'];
      } catch {
        body = {};
      }
      const signed = checkSignature(
        secret,
        request.headers['x-buzz-timestamp'] as string | undefined,
        request.headers['x-buzz-signature'] as string | undefined,
        raw,
        Math.floor(Date.now() / 1000),
      ).ok;
      const entry: ReceivedAlert = {
        alertId: String(request.headers['x-buzz-alert-id'] ?? ''),
        signed,
        body,
        status: 'no answer',
      };
      received.push(entry);
      if (mode === 'hang') {
        hanging.add(response);
        return;
      }
      const valid =
        request.method === 'POST' &&
        /^application\/json/.test(request.headers['content-type'] ?? '') &&
        typeof body.text === 'string' &&
        body.text !== '';
      entry.status = mode === 'error' ? 500 : valid ? 200 : 400;
      response
        .writeHead(entry.status, { 'content-type': 'text/plain' })
        .end(mode === 'error' ? 'rollup_error' : valid ? 'ok' : 'invalid_payload');
    });
  });
  const listen = (port: number) =>
    new Promise<number>((resolve) =>
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/local`,
    received,
    /** Requests answered 2xx: what the receiver took as delivered. */
    accepted: () => received.filter((r) => typeof r.status === 'number' && r.status < 300),
    setMode(next: typeof mode) {
      mode = next;
    },
    async stop() {
      for (const response of hanging) response.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    start: () => listen(port),
  };
}
