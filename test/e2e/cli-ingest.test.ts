import fs from 'node:fs';
import path from 'node:path';
import type { DayManifest } from '../../domain/ingest-manifests';
import { storeKeys } from '../../domain/store-keys';
import type { DayTruth } from '../../simulator/generator';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { runCli, startCli } from '../support/cli';

describe('buzztracker sample-data, worker, ingest and reindex (CLI, two worker processes, real services)', () => {
  let env: BuzzTestEnv;
  let archives: string;
  let truth: DayTruth;
  const workers: Awaited<ReturnType<typeof startCli>>[] = [];

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    archives = path.join(env.workDir, 'archives');
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await env?.close();
  });

  it('sample-data writes a day archive and its ground truth', async () => {
    const result = await runCli([
      'sample-data',
      '--out',
      archives,
      '--from',
      '2019-07-20',
      '--lines-per-minute',
      '4',
      '--seed',
      '9',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/twitter_stream_2019_07_20\.tar: 1440 members, [\d.]+ MB of JSON, bz2 ratio [\d.]+×/);
    truth = JSON.parse(fs.readFileSync(path.join(archives, 'ground-truth.json'), 'utf8')).days['2019-07-20'];
    expect(truth.members).toBe(1440);
  });

  it('two worker processes share the groups of one day; ingest --wait prints the manifest', async () => {
    for (let i = 0; i < 2; i++)
      workers.push(await startCli(['worker', '--max-activities', '2'], env.env, /polling task queue/));
    const result = await runCli(['ingest', '--source', `dir:${archives}`, '--from', '2019-07-20', '--wait'], env.env);
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('started ingest-day-2019-07-20: http://localhost:8233/namespaces/');
    expect(result.stdout).toMatch(
      new RegExp(
        `2019-07-20 │ yes +│ yes +│ ${truth.lines.toLocaleString('en-US')} +│ ${truth.statuses_by_lang.en!.toLocaleString('en-US')} `,
      ),
    );

    const manifest = JSON.parse(
      fs.readFileSync(path.join(env.workDir, 'store', storeKeys.dayManifest('2019-07-20')), 'utf8'),
    ) as DayManifest;
    const byWorker = new Set(Object.values(manifest.groups).map((group) => group.worker));
    expect(byWorker.size).toBe(2);
    expect(manifest.totals.lines).toBe(truth.lines);
  });

  it('a second ingest of the same day is a no-op', async () => {
    const result = await runCli(['ingest', '--source', `dir:${archives}`, '--from', '2019-07-20'], env.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2019-07-20 is already ingested (ingest-day-2019-07-20); --force re-runs it.');
  });

  it('a day without an archive fails clearly with a non-zero exit naming the day', async () => {
    const result = await runCli(
      ['ingest', '--source', `dir:${archives}`, '--from', '2019-07-20', '--to', '2019-07-21', '--wait'],
      env.env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2019-07-20: skipped, already ingested or being ingested (use --force to re-run)');
    expect(result.stderr).toContain(`ingest of 2019-07-21 failed: no archive for 2019-07-21 at dir:${archives}`);
  });

  it('a failed day says why, with its code and where to see the workflow', async () => {
    const result = await runCli(['ingest', '--source', `dir:${archives}`, '--from', '2019-07-22', '--wait'], env.env);
    expect(result.code).toBe(1);
    const link = `${env.config.temporal.uiUrl}/namespaces/${env.config.temporal.namespace}/workflows/ingest-day-2019-07-22`;
    // After the progress bar's last line: the reason with its code, then the workflow.
    expect(result.stderr.trimEnd().split('\n').slice(-2)).toEqual([
      `no archive for 2019-07-22 at dir:${archives} [archive_missing]`,
      `  workflow ingest-day-2019-07-22: ${link}`,
    ]);
  });

  it('reindex rebuilds a day from the store', async () => {
    const result = await runCli(['reindex', '--from', '2019-07-20', '--wait'], env.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`2019-07-20 │ reindexed │ ${truth.statuses_by_lang.en} `));
  });

  it('workers stop cleanly on SIGTERM', async () => {
    const codes = await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    expect(codes).toEqual([0, 0]);
  });
});
