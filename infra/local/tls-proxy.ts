import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

export interface TlsProxyOptions {
  listen: { host: string; port: number };
  target: { host: string; port: number };
  /** The proxy's own certificate and key (PEM files). */
  cert: string;
  key: string;
  /** The CA that client certificates must be signed by: every client must present one. */
  clientCa: string;
  log: (line: string) => void;
}

/**
 * A TLS front end that demands a client certificate signed by `clientCa` (mutual TLS) and pipes
 * the decrypted bytes to a plaintext server. gRPC over TLS negotiates HTTP/2 by ALPN, so `h2`
 * is offered. It stands in front of `temporal server start-dev`, which has no TLS of its own,
 * as a TLS-terminating load balancer stands in front of a Temporal cluster.
 */
export function startTlsProxy(options: TlsProxyOptions): Promise<tls.Server> {
  const server = tls.createServer(
    {
      cert: fs.readFileSync(options.cert),
      key: fs.readFileSync(options.key),
      ca: fs.readFileSync(options.clientCa),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
      minVersion: 'TLSv1.2',
    },
    (client) => {
      const upstream = net.connect(options.target);
      client.pipe(upstream).pipe(client);
      const close = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close);
      upstream.on('error', close);
    },
  );
  server.on('tlsClientError', (error, socket) =>
    options.log(`refused a TLS client from ${socket.remoteAddress ?? '?'}: ${error.message}`),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () => {
      options.log(
        `mTLS on ${options.listen.host}:${options.listen.port} → ${options.target.host}:${options.target.port}`,
      );
      resolve(server);
    });
  });
}
