import fs from 'node:fs';
import path from 'node:path';
import { writeSampleData } from '../../simulator/sample-data';
import { buzzTotals } from '../../domain/buzz-coverage';
import { SHEET_COLUMNS, SAMPLE_SHOWS } from '../../simulator/shows';
import { workflowIds } from '../../contracts/workflow-ids';
import { ingestDay } from '../../workflows/ingest-day';
import { syncShows } from '../../workflows/sync-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

const DAY = '2019-07-04';
/** Terms full of query syntax; none of their words occurs in generated tweets. */
const HOSTILE = [
  '"Zorblax"',
  'Zorblax*',
  '(Zorblax AND Quux)',
  '\\Zorblax\\',
  '{"query":{"match_all":{}}}',
  'title:Zorblax OR *',
  '/zorblax.*/',
  'Zorblax~2 ^3',
];

describe('R6, R7: broken rows and terms full of query syntax (real Elasticsearch)', () => {
  let env: BuzzTestEnv;
  let glimmerTweets: number;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 8,
      seed: 13,
      format: 'tar',
      hours: [0, 1, 2, 3],
    });
    glimmerTweets = Object.values(written.buzz['glimmer-tide:1']!).reduce((sum, d) => sum + d.tweets, 0);
    await env.startWorker({ maxActivities: 8 });
    await env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(DAY),
      args: [{ day: DAY, source: `dir:${archives}`, languages: ['en'] }],
    });
  });

  afterAll(() => env?.close());

  it('matches hostile terms literally, with no Elasticsearch error; reports broken rows; computes the valid shows', async () => {
    const glimmer = SAMPLE_SHOWS.find((s) => s.show_key === 'glimmer-tide:1')!;
    const lines = [
      SHEET_COLUMNS.join(','),
      SHEET_COLUMNS.map((c) => glimmer.row[c])
        .map((v) => (/[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v))
        .join(','),
      ...HOSTILE.map((term, i) => `Hostile ${i},1,,${DAY},,,"${term.replaceAll('"', '""')}",,,,,`),
      `Only Stars,1,,${DAY},,,*,,,,,`,
      `No Date,1,,,,,word,,,,,`,
      `Bad Zone,1,,${DAY},,,word,,,Nowhere/Land,,`,
    ];
    const sheet = path.join(env.workDir, 'hostile.csv');
    fs.writeFileSync(sheet, `${lines.join('\n')}\n`);
    const report = await env.temporal.workflow.execute(syncShows, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: 'hostile-sync',
      args: [{ sheetUri: `file:${sheet}` }],
    });
    expect(report.valid).toBe(1 + HOSTILE.length);
    expect(report.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [11, 'mandatory_search_terms', '"*" has no letters or digits to match'],
      [12, 'launch_date', 'missing'],
      [13, 'timezone', '"Nowhere/Land" is not an IANA time zone (e.g. America/New_York)'],
    ]);

    const deadline = Date.now() + 120_000;
    for (const key of ['glimmer-tide:1', ...HOSTILE.map((_, i) => `hostile-${i}:1`)]) {
      for (;;) {
        const days = await env.repos.dailyBuzz.ofShow(key);
        if (days.length > 0) {
          const tweets = buzzTotals(days).tweets;
          expect([key, tweets]).toEqual([key, key === 'glimmer-tide:1' ? glimmerTweets : 0]);
          break;
        }
        if (Date.now() > deadline) throw new Error(`${key} never computed`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
    expect(glimmerTweets).toBeGreaterThan(0);
  });
});
