import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { writeSampleData } from '../../simulator/sample-data';
import { loadConfig } from '../../config/config';
import type { DayTruth } from '../../simulator/generator';
import { clusterServices } from '../../infra/local/elasticsearch';
import { isHealthyState, serviceDown, serviceUp } from '../../infra/local/stack';
import { workflowIds } from '../../contracts/workflow-ids';
import { ingestDay } from '../../workflows/ingest-day';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { docsOnDay, expectedDocs } from '../support/ground-truth';

const DAY = '2019-07-04';
/** A node of its own beside the stack's, with one write thread and a write queue of one. */
const HTTP_PORT = 9271;
const URL = `http://localhost:${HTTP_PORT}`;

async function writeRejections(admin: Client): Promise<number> {
  const stats = await admin.nodes.stats({ metric: 'thread_pool' });
  return Object.values(stats.nodes).reduce((sum, node) => sum + (node.thread_pool?.write?.rejected ?? 0), 0);
}

/** Attempts of `type` that failed and that Temporal ran again, over the workflows of a task queue. */
async function retriedAttempts(env: BuzzTestEnv, type: string): Promise<number> {
  let retried = 0;
  for await (const run of env.temporal.workflow.list({ query: `TaskQueue="${env.config.temporal.taskQueue}"` })) {
    const { events } = await env.temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const types = new Map(
      events!.map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes?.activityType?.name]),
    );
    for (const event of events!) {
      const started = event.activityTaskStartedEventAttributes;
      if (started && types.get(String(started.scheduledEventId)) === type) retried += (started.attempt ?? 1) - 1;
    }
  }
  return retried;
}

/**
 * R14 (docs/reliability.md): Elasticsearch refusing bulk requests for want of write threads (429
 * `es_rejected_execution_exception`) while two workers index a day. The bulk path retries what was
 * refused; every count is still exact.
 */
describe('R14: bulk requests rejected by a node with one write thread and a queue of one', () => {
  const config = { ...loadConfig(), stack: { ...loadConfig().stack, elasticsearchHeap: '512m' } };
  const dir = path.join(config.stack.dir, 'r14-node');
  const [node] = clusterServices(config, {
    name: 'r14-es',
    dir,
    httpPorts: [HTTP_PORT],
    logDir: path.join(config.stack.dir, 'logs'),
    settings: ['thread_pool.write.size: 1', 'thread_pool.write.queue_size: 1'],
  });
  const admin = new Client({ node: URL });
  let env: BuzzTestEnv;
  let truth: DayTruth;
  let archives: string;

  beforeAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    const report = await serviceUp(config, node!);
    if (!isHealthyState(report.state))
      throw new Error(`the R14 node did not come up: ${report.detail ?? report.state}`);
    env = await createBuzzTestEnv({ store: 'file', env: { ELASTICSEARCH_URL: URL } });
    archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 40,
      seed: 61,
      format: 'tar',
    });
    truth = written.days[DAY]!;
  }, 300_000);

  afterAll(async () => {
    await env?.close();
    await admin.close();
    await serviceDown(config, node!);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('two workers index the day with exact counts while the node rejects bulk requests', async () => {
    const settings = await admin.nodes.info({ metric: 'thread_pool' });
    const pool = Object.values(settings.nodes)[0]!.thread_pool!.write!;
    expect({ size: pool.size, queue: pool.queue_size }).toEqual({ size: 1, queue: 1 });
    const before = await writeRejections(admin);
    await Promise.all([env.startWorker({ maxActivities: 4 }), env.startWorker({ maxActivities: 4 })]);

    const manifest = await env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(DAY),
      args: [{ day: DAY, source: `dir:${archives}`, languages: ['en'] }],
    });

    // The fault happened: the node refused writes for want of a thread or a queue slot.
    expect(await writeRejections(admin)).toBeGreaterThan(before);
    expect(manifest.totals).toMatchObject({
      lines: truth.lines,
      statuses: truth.statuses,
      kept: truth.statuses_by_lang.en,
      malformed: truth.malformed,
      members_failed: 0,
      indexed: truth.statuses_by_lang.en,
      delete_notices: truth.notices_by_kind.delete,
    });
    expect(manifest.complete).toBe(true);
    // How much of the refusal reached Temporal: whole bulk requests refused with 429 are sent
    // again by the client first (adapters/elasticsearch.ts), items by the bulk helper.
    console.info(
      `R14: ${(await writeRejections(admin)) - before} writes rejected; ${await retriedAttempts(env, 'indexGroup')} indexGroup attempts run again`,
    );
    expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, DAY)).toBe(
      expectedDocs({ [DAY]: truth }, DAY, [DAY]),
    );
  }, 600_000);
});
