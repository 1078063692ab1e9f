import type { Command } from 'commander';
import { pino } from 'pino';
import { AccessControl, assertProtected } from '../api/access-control';
import { dashboardRouter } from '../api/dashboard';
import { createApiServer, type ApiServer } from '../api/server';
import { createElasticsearchClient } from '../adapters/elasticsearch';
import { createS3Client } from '../adapters/s3-client';
import { checkElasticsearchAccess } from '../application/check-access';
import { openStore } from '../adapters/store';
import { loadConfig, type Config } from '../config/config';
import { port } from './arguments';
import { connectClient } from './temporal-client';

/** The API with its clients; close() stops the server and closes them. */
export async function startApi(
  config: Config,
  port: number,
  host: string,
): Promise<{ server: ApiServer; port: number; close(): Promise<void> }> {
  assertProtected(host, config.api, new AccessControl(config.api));
  const es = createElasticsearchClient(config.elasticsearch);
  let temporal: Awaited<ReturnType<typeof connectClient>> | undefined;
  let server: ApiServer;
  let bound: number;
  try {
    // A refused credential or a missing privilege stops the API at start, named, not at its first request.
    await checkElasticsearchAccess(es, config.elasticsearch);
    temporal = await connectClient(config);
    server = createApiServer({
      config,
      es,
      temporal: temporal.client,
      store: openStore(config.store.uri, () => createS3Client(config.s3)),
      logger: pino({ level: config.logLevel }),
      dashboard: dashboardRouter,
    });
    bound = await server.start(port, host);
  } catch (error) {
    await temporal?.close();
    await es.close();
    throw error;
  }
  return {
    server,
    port: bound,
    async close() {
      await server.stop();
      await temporal?.close();
      await es.close();
    },
  };
}

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('serve the HTTP API: the signed sheet-edit hook, shows and buzz as JSON or CSV, the dashboard')
    .option('--port <n>', 'port (default BUZZ_API_PORT or 8080; 0 picks a free one)', port)
    .option('--host <address>', 'address to listen on (default BUZZ_API_HOST or 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }) => {
      const config = loadConfig();
      const host = options.host ?? config.api.host;
      const api = await startApi(config, options.port ?? config.api.port, host);
      const guarded = new AccessControl(config.api).enabled;
      console.error(
        `API listening on http://${host}:${api.port} (${guarded ? 'access control on' : 'no access control'})`,
      );
      if (!config.webhookSecret) console.error('POST /hooks/sheet-edit is disabled until WEBHOOK_SECRET is set.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await api.close();
    });
}
