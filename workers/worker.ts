import fs from 'node:fs';
import os from 'node:os';
import { type NativeConnection, Worker } from '@temporalio/worker';
import type { S3Client } from '@aws-sdk/client-s3';
import { openArchiveSource } from '../adapters/archives/archive-source';
import {
  checkBz2Decoder,
  defaultBz2Decoder,
  describeBz2Decoder,
  type Bz2Decoder,
} from '../adapters/archives/decompress';
import { createMemberPool } from '../adapters/archives/member-pool';
import { createElasticsearchClient } from '../adapters/elasticsearch';
import { createS3Client } from '../adapters/s3-client';
import { connectTemporal, connectTemporalClient } from '../adapters/temporal-connection';
import { checkElasticsearchAccess, checkStoreAccess } from '../services/check-access';
import { ensureSearchAttributes } from '../client/search-attributes';
import { openStore } from '../adapters/store';
import { repositories } from '../adapters/repositories';
import { dayStore } from '../adapters/repositories/day-store';
import { liveStore } from '../adapters/repositories/live-store';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities/deps';
import { wikimediaRequestActivities } from '../activities/pageviews';
import { wikimediaClient } from '../adapters/wikimedia-client';
import { pageviewsTaskQueue } from '../contracts/pageviews';
import type { Config } from '../config/config';
import { indexNames } from '../domain/index-names';
import type { BuzzMetrics } from '../domain/metrics';
import { WORKFLOW_BUNDLE } from './bundle-workflows';
import { errorPolicy } from './error-policy';
import { runtimeMetrics } from './metrics';
import { showSignals } from '../client/shows';
import { showsTaskQueue } from '../contracts/shows';

export interface WorkerOptions {
  taskQueue?: string;
  /** Activities run at once (default: the machine's cores); their members are decoded on the member threads. */
  maxActivities?: number;
  maxWorkflowTasks?: number;
  /** Default: the libbz2 addon when it is built here, else wasm. */
  decoder?: Bz2Decoder;
  /** Score posts for sentiment as they are stored (default: true). */
  scoreSentiment?: boolean;
  /** Threads that decode archive members (default: the cores this process may use). */
  threads?: number;
  /** Where activities count their work (default: the Runtime's metric meter). */
  metrics?: BuzzMetrics;
}

export interface BuzzWorker {
  /** Polls the task queue of workflows and activities. */
  worker: Worker;
  /** Polls the pageviews task queue (contracts/pageviews.ts), whose request rate Temporal caps. */
  pageviewsWorker: Worker;
  /** Polls the shows task queue (contracts/shows.ts): show computations, many at once. */
  showsWorker: Worker;
  identity: string;
  /** The bz2 decoder it uses, and why when it is not the addon by choice (logged at start). */
  decoder: string;
  /** Runs until shutdown() (or a fatal error), then closes every client. */
  run(): Promise<void>;
  shutdown(): void;
}

/** The one place that wires clients into activities and starts a Temporal worker. */
export async function createBuzzWorker(config: Config, options: WorkerOptions = {}): Promise<BuzzWorker> {
  const identity = `${process.pid}@${os.hostname()}`;
  const decoder = options.decoder ?? defaultBz2Decoder();
  checkBz2Decoder(decoder);
  let s3: S3Client | undefined;
  const lazyS3 = (): S3Client => (s3 ??= createS3Client(config.s3));
  const es = createElasticsearchClient(config.elasticsearch);
  const taskQueue = options.taskQueue ?? config.temporal.taskQueue;
  const store = openStore(config.store.uri, lazyS3);
  const memberPool = createMemberPool(options.threads ?? os.availableParallelism());
  let connection: NativeConnection | undefined;
  let clientConnection: Awaited<ReturnType<typeof connectTemporalClient>> | undefined;
  const close = async (): Promise<void> => {
    await connection?.close();
    await clientConnection?.close();
    await es.close();
    await memberPool.close();
    s3?.destroy();
  };
  let worker: Worker;
  let pageviewsWorker: Worker;
  let showsWorker: Worker;
  try {
    // Refused credentials, missing privileges and bad certificates stop the worker here, named,
    // instead of failing (or retrying) its first activities.
    await checkElasticsearchAccess(es, config.elasticsearch);
    await checkStoreAccess(store);
    // The worker polls through the native connection; activities that start or signal workflows use a client.
    connection = await connectTemporal(config.temporal);
    clientConnection = await connectTemporalClient(config.temporal);
    await ensureSearchAttributes(clientConnection.connection, config.temporal.namespace);
    const indices = indexNames(config.elasticsearch.indexPrefix);
    const deps: ActivityDeps = {
      repos: repositories(es, indices),
      dayStore: dayStore(store),
      liveStore: liveStore(store),
      es,
      indices,
      openSource: (uri) => openArchiveSource(uri, lazyS3),
      indexLayout: config.elasticsearch.layout,
      decoder,
      scoreSentiment: options.scoreSentiment ?? true,
      memberPool,
      workerIdentity: identity,
      showSignals: showSignals(clientConnection.client, taskQueue),
      sheets: { googleCredentials: config.googleApplicationCredentials, googleRootUrl: config.googleApiRootUrl },
      metrics: options.metrics ?? runtimeMetrics(),
      alerts: config.alerts,
      wikimedia: wikimediaClient(config.wikimedia),
    };
    const activities = createActivities(deps);
    worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue,
      identity,
      // Compiled workers load the bundle `npm run build` wrote; tests running the sources bundle them.
      ...(fs.existsSync(WORKFLOW_BUNDLE)
        ? { workflowBundle: { codePath: WORKFLOW_BUNDLE } }
        : { workflowsPath: require.resolve('../workflows') }),
      activities,
      interceptors: { activity: [errorPolicy] },
      maxConcurrentActivityTaskExecutions: options.maxActivities ?? os.availableParallelism(),
      maxConcurrentWorkflowTaskExecutions: options.maxWorkflowTasks ?? 10,
      maxCachedWorkflows: 200,
      // Long group activities get this long to finish before a shutdown cancels them.
      shutdownGraceTime: '20s',
    });
    showsWorker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: showsTaskQueue(taskQueue),
      identity,
      activities: { computeShowBuzz: activities.computeShowBuzz },
      interceptors: { activity: [errorPolicy] },
      maxConcurrentActivityTaskExecutions: config.temporal.showComputations,
      shutdownGraceTime: '20s',
    });
    pageviewsWorker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: pageviewsTaskQueue(taskQueue),
      identity,
      activities: wikimediaRequestActivities(deps),
      interceptors: { activity: [errorPolicy] },
      // The server holds every worker of the queue to this rate together (the last one to poll sets it).
      maxTaskQueueActivitiesPerSecond: config.wikimedia.maxRequestsPerSecond,
      maxConcurrentActivityTaskExecutions: 4 * config.wikimedia.maxRequestsPerSecond,
      shutdownGraceTime: '20s',
    });
  } catch (error) {
    await close();
    throw error;
  }
  const workers = [worker, showsWorker, pageviewsWorker];
  /** All stop together: a worker without the others would leave some of the work unpolled. */
  const shutdown = (): void => {
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
  };
  return {
    worker,
    pageviewsWorker,
    showsWorker,
    identity,
    decoder: describeBz2Decoder(decoder),
    async run() {
      try {
        await Promise.all(
          workers.map((w) =>
            w.run().catch((error: unknown) => {
              shutdown();
              throw error;
            }),
          ),
        );
      } finally {
        await close();
      }
    },
    shutdown,
  };
}
