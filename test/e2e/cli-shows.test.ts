import fs from 'node:fs';
import path from 'node:path';
import { writeSampleData } from '../../cli/sample-data-command';
import { SHEET_COLUMNS, sampleSheetCsv } from '../../domain/sample/shows';
import type { ShowDayTruth } from '../../domain/sample/generator';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { runCli } from '../support/cli';

describe('buzztracker shows sync | shows list | buzz (CLI on real services)', () => {
  let env: BuzzTestEnv;
  let sheet: string;
  let zephyrine: Record<string, ShowDayTruth>;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: '2019-07-03',
      days: 1,
      linesPerMinute: 8,
      seed: 4,
      format: 'tar',
      hours: [8, 9, 10, 11],
    });
    zephyrine = written.buzz['zephyrine-hollow:2']!;
    sheet = path.join(env.workDir, 'shows.csv');
    fs.writeFileSync(sheet, `${sampleSheetCsv()}Broken Row,1,Studio,2019-02-30,,,,,,,,\n`);
    await env.startWorker({ maxActivities: 8 });
    const ingest = await runCli(['ingest', '--source', `dir:${archives}`, '--from', '2019-07-03', '--wait'], env.env);
    expect(ingest.code).toBe(0);
  });

  afterAll(() => env?.close());

  it('shows sync reports the bad row, starts the good ones, and waits for their buzz', async () => {
    const result = await runCli(['shows', 'sync', '--sheet', `file:${sheet}`, '--wait'], env.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`file:${sheet}: 5 rows, 4 valid`);
    expect(result.stdout).toContain(
      'started: zephyrine-hollow:2, the-marrowdeep-affair:1, quillfeather:3, glimmer-tide:1',
    );
    expect(result.stdout).toMatch(/│ 6 +│ Broken Row │ launch_date +│ "2019-02-30" is not a date \(YYYY-MM-DD\) +│/);
  });

  it('shows list prints each show with its status and the rows the last sync refused', async () => {
    const result = await runCli(['shows', 'list'], env.env);
    expect(result.code).toBe(0);
    for (const key of ['zephyrine-hollow:2', 'the-marrowdeep-affair:1', 'quillfeather:3', 'glimmer-tide:1'])
      expect(result.stdout).toMatch(new RegExp(`${key} +│ active`));
    expect(result.stdout).toContain('none of: recipe');
    expect(result.stdout).toContain('"2019-02-30" is not a date');
  });

  it('buzz --format json prints the SPEC metrics per day, equal to the ground truth', async () => {
    const result = await runCli(['buzz', '--show', 'Zephyrine Hollow', '--format', 'json'], env.env);
    expect(result.code).toBe(0);
    const days = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(days).toHaveLength(36);
    const launch = days.find((d) => d.date === '2019-07-03')!;
    expect(Object.keys(launch).sort()).toEqual(
      [
        'show_key',
        'show_name',
        'season',
        'date',
        'days_since_launch',
        'tweets',
        'original_tweets',
        'retweets',
        'unique_authors',
        'share_of_sample',
        'statuses_in_sample',
        'data_complete',
        'terms',
      ].sort(),
    );
    const truth = zephyrine['2019-07-03']!;
    expect(launch).toMatchObject({
      show_key: 'zephyrine-hollow:2',
      days_since_launch: 0,
      tweets: truth.tweets,
      original_tweets: truth.original_tweets,
      retweets: truth.retweets,
      unique_authors: truth.unique_authors,
      data_complete: false,
      terms: { 'Zephyrine Hollow': truth.tweets },
    });
    expect(truth.tweets).toBeGreaterThan(0);
  });

  it('buzz --format csv has a header and one column per term', async () => {
    const result = await runCli(['buzz', '--show', 'zephyrine-hollow:2', '--format', 'csv'], env.env);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toBe(
      'show_key,show_name,season,date,days_since_launch,tweets,original_tweets,retweets,unique_authors,share_of_sample,data_complete,term:Zephyrine Hollow',
    );
    expect(rows).toHaveLength(36);
    expect(rows.find((r) => r.includes(',2019-07-03,'))).toMatch(
      new RegExp(`^zephyrine-hollow:2,Zephyrine Hollow,2,2019-07-03,0,${zephyrine['2019-07-03']!.tweets},`),
    );
  });

  it('buzz names an unknown show, and sync fails when no row is valid', async () => {
    const unknown = await runCli(['buzz', '--show', 'Nope'], env.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No show "Nope": see `buzztracker shows list`');
    const broken = path.join(env.workDir, 'broken.csv');
    fs.writeFileSync(broken, `${SHEET_COLUMNS.join(',')}\nOnly Row,1,,not-a-date\n`);
    const result = await runCli(['shows', 'sync', '--sheet', `file:${broken}`], env.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No valid row in the sheet.');
  });
});
