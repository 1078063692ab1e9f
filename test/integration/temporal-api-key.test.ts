import fs from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { connectTemporal } from '../../adapters/temporal-connection';
import { loadConfig } from '../../config/config';
import { ensureCertificateAuthority, issueCertificate } from '../../infra/local/certificates';

/**
 * Temporal Cloud cannot be reached from here. This stand-in speaks the part of its protocol an
 * API key meets first: gRPC over HTTP/2 and TLS, where a request without the right
 * `authorization: Bearer <key>` is answered UNAUTHENTICATED (16), as Temporal Cloud does. It
 * shows what BuzzTracker sends for TEMPORAL_API_KEY and what it says when the key is refused.
 */
describe('Temporal API key (a local gRPC-over-TLS stand-in for Temporal Cloud’s key check)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-apikey-'));
  const ca = ensureCertificateAuthority(dir);
  const cert = issueCertificate(ca, dir, {
    name: 'cloud',
    commonName: 'localhost',
    dnsNames: ['localhost'],
    usage: 'server',
  });
  const seen: { authorization?: string; path?: string }[] = [];
  let server: http2.Http2SecureServer;
  let port: number;

  beforeAll(async () => {
    server = http2.createSecureServer({ cert: fs.readFileSync(cert.cert), key: fs.readFileSync(cert.key) });
    server.on('stream', (stream, headers) => {
      seen.push({ authorization: headers.authorization, path: headers[':path'] });
      stream.on('data', () => undefined);
      // A trailers-only gRPC answer: the status travels in the response headers.
      stream.respond(
        {
          ':status': 200,
          'content-type': 'application/grpc',
          'grpc-status': '16',
          'grpc-message': 'Request unauthorized',
        },
        { endStream: true },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the key as a bearer token over TLS, and names the setting when the key is refused', async () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: `localhost:${port}`,
      TEMPORAL_API_KEY: 'tcld-wrong-key',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca.cert,
    });
    await expect(connectTemporal(config.temporal)).rejects.toThrow(
      `Temporal at localhost:${port} refused the API key in TEMPORAL_API_KEY`,
    );
    expect(seen[0]).toEqual({
      authorization: 'Bearer tcld-wrong-key',
      path: '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
    });
  });
});
