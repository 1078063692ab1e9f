import path from 'node:path';
import { writeSampleData } from '../../simulator/sample-data';
import type { DayTruth } from '../../simulator/generator';
import { workflowIds } from '../../contracts/workflow-ids';
import { reindexDays } from '../../workflows/reindex';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';
import { ingestUnderWay } from '../support/ingest-under-way';
import { docsOnDay, expectedDocs } from '../support/ground-truth';
import { outage } from '../support/outage';

const DAY = '2019-07-01';

/**
 * R11 (docs/reliability.md): the S3 server of the store stopped for 60 s in the middle of an ingest
 * (preprocessed copies being written) and of a reindex (the copies being read back). Both wait it
 * out with their retries and finish with exact counts. (A wrong bucket is a permanent error named
 * with the bucket: test/e2e/secure-bad-input.test.ts.)
 */
describe('R11: the S3 store stopped for 60 s during an ingest and during a reindex', () => {
  let env: BuzzTestEnv;
  let truth: DayTruth;
  let archives: string;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 's3' });
    archives = path.join(env.workDir, 'archives');
    truth = (await writeSampleData({ out: archives, from: DAY, days: 1, linesPerMinute: 20, seed: 43, format: 'tar' }))
      .days[DAY]!;
  });

  afterAll(() => env?.close());

  /** The activities the outage made fail and retry (attempt > 1), by type: proof the store was missed. */
  const retried = async (workflowId: string): Promise<string[]> => {
    const { events } = await env.temporal.workflow.getHandle(workflowId).fetchHistory();
    const types = new Map(
      events!.map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes?.activityType?.name]),
    );
    return [
      ...new Set(
        events!
          .filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 0) > 1)
          .map((e) => types.get(String(e.activityTaskStartedEventAttributes!.scheduledEventId))!),
      ),
    ].sort();
  };

  it('an ingest whose store goes away mid-day completes, its counts exact', async () => {
    const worker = await startCli(['worker', '--max-activities', '2'], env.env, /polling task queue/);
    try {
      const handle = await ingestUnderWay(env, DAY, archives, 2);
      await outage('s3', 60_000);
      const manifest = await handle.result();
      expect(manifest.totals).toMatchObject({
        members_failed: 0,
        lines: truth.lines,
        kept: truth.statuses_by_lang.en,
        indexed: truth.statuses_by_lang.en,
      });
      expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, DAY)).toBe(
        expectedDocs({ [DAY]: truth }, DAY, [DAY]),
      );
      expect(await retried(workflowIds.ingestDay(DAY))).toContain('preprocessGroup');
    } finally {
      await worker.stop();
    }
  }, 300_000);

  it('a reindex whose store goes away while it reads completes, every stored tweet indexed again', async () => {
    const worker = await startCli(['worker', '--max-activities', '2'], env.env, /polling task queue/);
    try {
      const handle = await env.temporal.workflow.start(reindexDays, {
        taskQueue: env.config.temporal.taskQueue,
        workflowId: workflowIds.reindex(DAY, DAY),
        args: [{ days: [DAY] }],
      });
      await outage('s3', 60_000);
      expect(await handle.result()).toEqual([{ day: DAY, status: 'reindexed', indexed: truth.statuses_by_lang.en }]);
      expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, DAY)).toBe(
        expectedDocs({ [DAY]: truth }, DAY, [DAY]),
      );
      expect((await retried(workflowIds.reindex(DAY, DAY))).length).toBeGreaterThan(0);
    } finally {
      await worker.stop();
    }
  }, 300_000);
});
