import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from '@temporalio/worker';

/**
 * Liveness and readiness for orchestrators: `GET /healthz` answers 200 while the process runs;
 * `GET /readyz` 200 while the workers are connected and polling their task queues (state RUNNING),
 * else 503 with the first other state. Nothing else is served.
 */
export function startHealthServer(workers: Worker[], port: number, host: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const reply = (status: number, body: object): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return reply(405, { error: 'GET only' });
    if (request.url === '/healthz') return reply(200, { status: 'alive' });
    if (request.url === '/readyz') {
      const state = workers.map((worker) => worker.getState()).find((s) => s !== 'RUNNING') ?? 'RUNNING';
      return reply(state === 'RUNNING' ? 200 : 503, { status: state === 'RUNNING' ? 'ready' : 'not ready', state });
    }
    reply(404, { error: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export function boundPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
