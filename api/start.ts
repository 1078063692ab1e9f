import { createLogger } from '../adapters/logger';
import { createElasticsearchClient } from '../adapters/elasticsearch';
import { createS3Client } from '../adapters/s3-client';
import { openStore } from '../adapters/store';
import { checkElasticsearchAccess } from '../services/check-access';
import { connectClient } from '../client/connection';
import type { Config } from '../config/config';
import { AccessControl, assertProtected } from './access-control';
import { dashboardRouter } from './dashboard';
import { createApiServer, type ApiServer } from './app';

/** The API with its clients; close() stops the server and closes them. */
export async function startApi(
  config: Config,
  port: number,
  host: string,
  options: { logFile?: string } = {},
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
      logger: createLogger({ level: config.logLevel, format: 'json', file: options.logFile }),
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
