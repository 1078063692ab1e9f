import path from 'node:path';
import { writeSampleData } from '../../simulator/sample-data';
import type { DayTruth } from '../../simulator/generator';
import { workflowIds } from '../../contracts/workflow-ids';
import { backfill } from '../../workflows/backfill';
import { backfillProgressQuery } from '../../contracts/ingest';
import { ingestDay } from '../../workflows/ingest-day';
import { ingestProgressQuery } from '../../contracts/ingest';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';
import { ingestUnderWay } from '../support/ingest-under-way';
import { docsOnDay, expectedDocs } from '../support/ground-truth';
import { outage, sleep } from '../support/outage';

describe('R2, R3: services that go away during ingestion (real servers stopped and started)', () => {
  let env: BuzzTestEnv;
  let truth: Record<string, DayTruth>;
  let archives: string;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    archives = path.join(env.workDir, 'archives');
    truth = (
      await writeSampleData({ out: archives, from: '2019-07-01', days: 3, linesPerMinute: 20, seed: 41, format: 'tar' })
    ).days;
  });

  afterAll(() => env?.close());

  it('R2: Elasticsearch stopped for 60 s in the middle of a day: indexing retries with backoff, counts are exact', async () => {
    const day = '2019-07-01';
    const worker = await startCli(['worker', '--max-activities', '2'], env.env, /polling task queue/);
    try {
      const handle = await ingestUnderWay(env, day, archives, 2);
      await outage('elasticsearch', 60_000);
      const manifest = await handle.result();
      expect(manifest.totals).toMatchObject({
        lines: truth[day]!.lines,
        kept: truth[day]!.statuses_by_lang.en,
        indexed: truth[day]!.statuses_by_lang.en,
        members_failed: 0,
      });
      expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, day)).toBe(expectedDocs(truth, day, [day]));
    } finally {
      await worker.stop();
    }
  });

  it('R3: the Temporal server restarted during a backfill: the workflows resume, counts are exact', async () => {
    const days = ['2019-07-02', '2019-07-03'];
    const worker = await startCli(['worker', '--max-activities', '2'], env.env, /polling task queue/);
    try {
      const handle = await env.temporal.workflow.start(backfill, {
        taskQueue: env.config.temporal.taskQueue,
        workflowId: workflowIds.backfill(days[0]!, days[1]!),
        args: [{ days, source: `dir:${archives}`, languages: ['en'], dayParallelism: 1 }],
      });
      for (;;) {
        const progress = await handle.query(backfillProgressQuery).catch(() => undefined);
        if (progress && progress.running.length > 0) {
          const day = await env.temporal.workflow
            .getHandle(workflowIds.ingestDay(progress.running[0]!))
            .query(ingestProgressQuery)
            .catch(() => undefined);
          if (day && day.groupsDone >= 2) break;
        }
        await sleep(200);
      }
      await outage('temporal', 5_000);
      const outcomes = await handle.result();
      expect(outcomes.map((o) => [o.day, o.status])).toEqual(days.map((d) => [d, 'ingested']));
      const all = ['2019-07-01', ...days];
      for (const day of days) {
        const manifest = await env.temporal.workflow.getHandle<typeof ingestDay>(workflowIds.ingestDay(day)).result();
        expect(manifest.totals).toMatchObject({
          lines: truth[day]!.lines,
          kept: truth[day]!.statuses_by_lang.en,
          indexed: truth[day]!.statuses_by_lang.en,
        });
      }
      for (const day of all)
        expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, day)).toBe(expectedDocs(truth, day, all));
    } finally {
      await worker.stop();
    }
  });
});
