import path from 'node:path';
import { writeSampleData } from '../../simulator/sample-data';
import type { DayTruth, ShowDayTruth } from '../../simulator/generator';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';
import { ingestUnderWay } from '../support/ingest-under-way';
import { sampleShowBuzz } from '../support/sample-buzz';
import { docsOnDay, expectedDocs } from '../support/ground-truth';

const DAY = '2019-07-03';

describe('R1: kill -9 one of two worker processes in the middle of a day', () => {
  let env: BuzzTestEnv;
  let truth: DayTruth;
  let buzz: Record<string, ShowDayTruth>;
  let archives: string;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 40,
      seed: 31,
      format: 'tar',
    });
    truth = written.days[DAY]!;
    buzz = written.buzz['zephyrine-hollow:2']!;
  });

  afterAll(() => env?.close());

  it('the day completes on the other worker; documents and buzz equal the ground truth', async () => {
    const doomed = await startCli(['worker', '--max-activities', '2'], env.env, /polling task queue/);
    const survivor = await startCli(['worker', '--max-activities', '2'], env.env, /polling task queue/);
    const handle = await ingestUnderWay(env, DAY, archives, 3);
    doomed.process.kill('SIGKILL');
    const manifest = await handle.result();
    await survivor.stop();

    expect(manifest.totals).toMatchObject({
      lines: truth.lines,
      kept: truth.statuses_by_lang.en,
      notices: truth.notices,
      malformed: truth.malformed,
      indexed: truth.statuses_by_lang.en,
      members: 1440,
      members_failed: 0,
    });
    expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, DAY)).toBe(
      expectedDocs({ [DAY]: truth }, DAY, [DAY]),
    );

    const worker = await startCli(['worker'], env.env, /polling task queue/);
    try {
      expect(await sampleShowBuzz(env, archives, 'zephyrine-hollow:2', DAY)).toEqual({
        synced: 0,
        counts: [buzz[DAY]!.tweets, buzz[DAY]!.retweets, buzz[DAY]!.unique_authors],
      });
    } finally {
      await worker.stop();
    }
  });
});
