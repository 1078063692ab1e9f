import type { Command } from 'commander';
import { pino } from 'pino';
import { dashboardRouter } from '../api/dashboard';
import { createApiServer, type ApiServer } from '../api/server';
import { createElasticsearchClient } from '../adapters/elasticsearch';
import { createS3Client } from '../adapters/s3-client';
import { openStore } from '../adapters/store';
import { loadConfig, type Config } from '../config/config';
import { connectClient } from './temporal-client';

/** The API with its clients; close() stops the server and closes them. */
export async function startApi(
  config: Config,
  port: number,
  host: string,
): Promise<{ server: ApiServer; port: number; close(): Promise<void> }> {
  const es = createElasticsearchClient(config.elasticsearch);
  const temporal = await connectClient(config);
  const server = createApiServer({
    config,
    es,
    temporal: temporal.client,
    store: openStore(config.store.uri, () => createS3Client(config.s3)),
    logger: pino({ level: config.logLevel }),
    dashboard: dashboardRouter(),
  });
  const bound = await server.start(port, host);
  return {
    server,
    port: bound,
    async close() {
      await server.stop();
      await temporal.close();
      await es.close();
    },
  };
}

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('serve the HTTP API: the signed sheet-edit hook, shows and buzz as JSON or CSV, the dashboard')
    .option('--port <n>', 'port (default BUZZ_API_PORT or 8080; 0 picks a free one)')
    .option('--host <address>', 'address to listen on (default BUZZ_API_HOST or 127.0.0.1)')
    .action(async (options: { port?: string; host?: string }) => {
      const config = loadConfig();
      const api = await startApi(
        config,
        options.port === undefined ? config.api.port : Number(options.port),
        options.host ?? config.api.host,
      );
      console.error(`API listening on http://${options.host ?? config.api.host}:${api.port}`);
      if (!config.webhookSecret) console.error('POST /hooks/sheet-edit is disabled until WEBHOOK_SECRET is set.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await api.close();
    });
}
