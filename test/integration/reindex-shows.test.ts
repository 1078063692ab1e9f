import path from 'node:path';
import { writeSampleData } from '../../simulator/sample-data';
import type { ShowDayTruth } from '../../simulator/generator';
import { workflowIds } from '../../contracts/workflow-ids';
import { ingestDay } from '../../workflows/ingest-day';
import { reindexDays } from '../../workflows/reindex';
import { syncShows } from '../../workflows/sync-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

const DAY = '2019-07-03';

/**
 * A reindex rewrites a day's tweets, so the shows covering the day must recompute, as after an
 * ingestion. (Before, reindexDays dropped the days its delete step reported and told no show.)
 */
describe('reindex tells the shows covering the days it rewrote (real services)', () => {
  let env: BuzzTestEnv;
  let zephyrine: Record<string, ShowDayTruth>;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 6,
      seed: 17,
      format: 'tar',
      hours: [8, 9],
    });
    zephyrine = written.buzz['zephyrine-hollow:2']!;
    await env.startWorker({ maxActivities: 8 });
    const taskQueue = env.config.temporal.taskQueue;
    await env.temporal.workflow.execute(ingestDay, {
      taskQueue,
      workflowId: workflowIds.ingestDay(DAY),
      args: [{ day: DAY, source: `dir:${archives}`, languages: ['en'] }],
    });
    await env.temporal.workflow.execute(syncShows, {
      taskQueue,
      workflowId: 'sync',
      args: [{ sheetUri: `file:${path.join(archives, 'shows.csv')}` }],
    });
  });

  afterAll(() => env?.close());

  it("recomputes a show's buzz of a reindexed day", async () => {
    const computedAt = async () =>
      (await env.repos.shows.all()).find((s) => s.show_key === 'zephyrine-hollow:2')?.last_computed_at;
    const launch = async () => (await env.repos.dailyBuzz.ofShow('zephyrine-hollow:2')).find((d) => d.date === DAY);
    // The day's buzz documents are visible a moment before the show records when it computed them.
    const computed = async () =>
      (await launch())?.tweets === zephyrine[DAY]!.tweets && (await computedAt()) !== undefined;
    for (const deadline = Date.now() + 60_000; !(await computed());) {
      if (Date.now() > deadline) throw new Error('the show never computed the ingested day');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const before = await computedAt();
    expect(before).toBeDefined();

    await env.temporal.workflow.execute(reindexDays, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.reindex(DAY, DAY),
      args: [{ days: [DAY] }],
    });

    let after = before;
    for (const deadline = Date.now() + 30_000; after === before && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      after = await computedAt();
    }
    expect(after).not.toBe(before);
    expect((await launch())?.tweets).toBe(zephyrine[DAY]!.tweets);
  });
});
