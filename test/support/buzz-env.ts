import { repositories, type Repositories } from '../../adapters/repositories';
import { indexNames } from '../../domain/index-names';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client as TemporalClient } from '@temporalio/client';
import { connectTemporalClient } from '../../adapters/temporal-connection';
import type { Client as EsClient } from '@elastic/elasticsearch';
import { createElasticsearchClient } from '../../adapters/elasticsearch';
import { deleteIndicesWithPrefix } from '../../adapters/elasticsearch-indices';
import { LOCAL_DEFAULTS, loadConfig, type Config } from '../../config/config';
import { ensureSearchAttributes } from '../../client/search-attributes';
import { registerNamespace } from '../../infra/local/namespaces';
import { createBuzzWorker, type BuzzWorker, type WorkerOptions } from '../../workers/worker';

/**
 * An isolated BuzzTracker on the shared local stack: its own Temporal namespace (so workflow
 * ids such as ingest-day-2019-07-01 never meet another test's), its own index prefix, its own
 * store (a temporary folder, or a prefix in the S3 test bucket).
 */
export interface BuzzTestEnv {
  config: Config;
  /** Environment variables that give a CLI process this same configuration. */
  env: Record<string, string>;
  es: EsClient;
  /** The repositories over `es`, under this environment's index prefix. */
  repos: Repositories;
  temporal: TemporalClient;
  workDir: string;
  startWorker(options?: WorkerOptions): Promise<BuzzWorker>;
  close(): Promise<void>;
}

export async function createBuzzTestEnv(
  options: { store: 'file' | 's3'; env?: Record<string, string> } = { store: 'file' },
): Promise<BuzzTestEnv> {
  const id = randomUUID().slice(0, 8);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `buzz-test-${id}-`));
  const env: Record<string, string> = {
    TEMPORAL_NAMESPACE: `test-${id}`,
    BUZZ_TASK_QUEUE: `test-${id}`,
    BUZZ_INDEX_PREFIX: `t${id}`,
    BUZZ_STORE:
      options.store === 'file' ? `file:${path.join(workDir, 'store')}` : `s3://${LOCAL_DEFAULTS.s3Bucket}/test-${id}`,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const config = loadConfig({ ...process.env, ...env });
  const { connection } = await connectTemporalClient(config.temporal);
  await registerNamespace(connection, config.temporal.namespace);
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const temporal = new TemporalClient({ connection, namespace: config.temporal.namespace });
  const es = createElasticsearchClient(config.elasticsearch);
  const workers: { worker: BuzzWorker; running: Promise<void> }[] = [];
  return {
    config,
    env,
    es,
    repos: repositories(es, indexNames(config.elasticsearch.indexPrefix)),
    temporal,
    workDir,
    async startWorker(workerOptions) {
      const worker = await createBuzzWorker(config, workerOptions);
      workers.push({ worker, running: worker.run() });
      return worker;
    },
    async close() {
      for (const { worker } of workers) worker.shutdown();
      await Promise.all(workers.map(({ running }) => running.catch(() => undefined)));
      await deleteIndicesWithPrefix(es, config.elasticsearch.indexPrefix);
      await es.close();
      await connection.close();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
