import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createElasticsearchClient } from '../../adapters/elasticsearch';
import { S3Store } from '../../adapters/s3-store';
import { PINNED } from '../../infra/local/versions';
import { createSmokeActivities } from './fixtures/smoke-activities';
import { smokeWorkflow } from './fixtures/smoke-workflow';
import { testConfig, testS3, uniqueId } from '../support/services';

const config = testConfig();
const index = `${config.elasticsearch.indexPrefix}-smoke`;

describe('local stack smoke test on the real Temporal, Elasticsearch 8.19 and S3 servers', () => {
  const es = createElasticsearchClient(config.elasticsearch);
  const { s3, bucket } = testS3(config);

  afterAll(async () => {
    await es.close();
    s3.destroy();
  });

  it('answers GET / as Elasticsearch 8.19 so the client product check passes', async () => {
    const info = await es.info();
    expect(info.version.number).toBe(
      config.elasticsearch.external ? expect.stringMatching(/^8\.19\./) : PINNED.elasticsearch.version,
    );
    expect(info.tagline).toBe('You Know, for Search');
    expect(await es.ping()).toBe(true);
  });

  it('runs a workflow whose activity writes a document to Elasticsearch and an object to S3', async () => {
    const id = uniqueId('smoke');
    const taskQueue = uniqueId('smoke-queue');
    const store = new S3Store(`s3://${bucket}/smoke-test`, s3, bucket, 'smoke-test');

    const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowsPath: require.resolve('./fixtures/smoke-workflow'),
      activities: createSmokeActivities({ es, store, index }),
    });
    const connection = await Connection.connect({ address: config.temporal.address });
    const client = new TemporalClient({ connection, namespace: config.temporal.namespace });
    try {
      const result = await worker.runUntil(
        client.workflow.execute(smokeWorkflow, { taskQueue, workflowId: id, args: [id] }),
      );
      expect(result).toEqual({ id, workflowId: id, attempt: 1 });
    } finally {
      await connection.close();
      await workerConnection.close();
    }

    const doc = await es.get<{ id: string; workflowId: string }>({ index, id });
    expect(doc._source).toEqual({ id, workflowId: id, attempt: 1 });

    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `smoke-test/smoke/${id}.json` }));
    expect(JSON.parse(await object.Body!.transformToString())).toEqual({ id, workflowId: id, attempt: 1 });
  });
});
