import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server that speaks the documented Google Sheets v4 `spreadsheets.values.get` API
 * (Google's servers cannot be reached from here): GET /v4/spreadsheets/{id}/values/{range}
 * answers {range, majorDimension: "ROWS", values}. Each request must carry a service-account
 * JWT signed with the key the test issued (RS256, iss = the account's email).
 */
export async function startSheetsApiServer(options: {
  publicKeyPem: string;
  clientEmail: string;
  sheets: Record<string, string[][]>;
}): Promise<{ url: string; requests: { path: string; claims?: Record<string, unknown> }[]; close(): Promise<void> }> {
  const key: KeyObject = createPublicKey(options.publicKeyPem);
  const requests: { path: string; claims?: Record<string, unknown> }[] = [];
  const verify = (authorization: string | undefined): Record<string, unknown> | undefined => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const [header, payload, signature] = token?.split('.') ?? [];
    if (!header || !payload || !signature) return undefined;
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${payload}`);
    if (!verifier.verify(key, Buffer.from(signature, 'base64url'))) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    return claims.iss === options.clientEmail && Number(claims.exp) * 1000 > Date.now() ? claims : undefined;
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const claims = verify(request.headers.authorization);
    requests.push({ path: url.pathname, claims });
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!claims)
      return send(401, {
        error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' },
      });
    const match = /^\/v4\/spreadsheets\/([^/]+)\/values\/(.+)$/.exec(url.pathname);
    const values = match ? options.sheets[match[1]!] : undefined;
    if (!match || !values)
      return send(404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
    send(200, { range: decodeURIComponent(match[2]!), majorDimension: 'ROWS', values });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
