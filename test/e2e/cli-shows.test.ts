import fs from 'node:fs';
import path from 'node:path';
import { writeSampleData } from '../../simulator/sample-data';
import { daysBetween } from '../../domain/days';
import { SHEET_COLUMNS, sampleSheetCsv } from '../../simulator/shows';
import type { ShowDayTruth } from '../../simulator/generator';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import type { Coverage } from '../../domain/buzz-coverage';
import { BUZZ_CSV_COLUMNS } from '../../domain/buzz-format';
import { ESTIMATE_FIELDS, estimateFields } from '../../domain/day-estimates';
import { ORGANIC_FIELDS } from '../../domain/organic';
import { SENTIMENT_FIELDS } from '../../domain/sentiment-metrics';
import { runCli } from '../support/cli';
import { generatedOrganic, organicCells } from '../support/organic-truth';
import { NOTHING_INGESTED_SENTIMENT, plantedSentiment, sentimentCells } from '../support/sentiment-truth';

/**
 * The estimates a day of the generated archive must have: the 1% sample's count scaled up with its
 * exact interval, its authors' bounds from how often the generator had each post (domain/day-estimates.ts,
 * its arithmetic unit-tested), none when partial or absent.
 */
function expectedEstimates(truth: ShowDayTruth | undefined, coverage: string) {
  if (coverage === 'none') return estimateFields({});
  return estimateFields({
    twitter: {
      tweets: truth!.tweets,
      retweets: truth!.retweets,
      authorFrequencies: truth!.author_frequencies,
      coverage: coverage as Coverage,
      verdicts: ['sample'],
    },
  });
}
/** The CSV cells of the estimates (empty for null). */
const estimateCells = (truth: ShowDayTruth | undefined, coverage: string) =>
  ESTIMATE_FIELDS.map((field) => expectedEstimates(truth, coverage)[field] ?? '').join(',');

describe('buzztracker shows sync | shows list | buzz (CLI on real services)', () => {
  let env: BuzzTestEnv;
  /** The mean score each day of Zephyrine Hollow stored: the truth knows labels, not scores. */
  const storedMeans = async () =>
    new Map((await env.repos.dailyBuzz.ofShow('zephyrine-hollow:2')).map((d) => [d.date, d.mean_sentiment]));
  let sheet: string;
  let zephyrine: Record<string, ShowDayTruth>;
  /** Kept (English) statuses of the ingested UTC days. */
  let statuses: Record<string, number>;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const archives = path.join(env.workDir, 'archives');
    // The day before launch whole, the launch day's hours 08–11 only: in each show's window one
    // complete day, one partial day and days with nothing ingested.
    const before = await writeSampleData({
      out: archives,
      from: '2019-07-02',
      days: 1,
      linesPerMinute: 2,
      seed: 3,
      format: 'tar',
      population: true,
    });
    const written = await writeSampleData({
      out: archives,
      from: '2019-07-03',
      days: 1,
      linesPerMinute: 8,
      seed: 4,
      format: 'tar',
      hours: [8, 9, 10, 11],
    });
    zephyrine = { ...before.buzz['zephyrine-hollow:2']!, ...written.buzz['zephyrine-hollow:2']! };
    statuses = Object.fromEntries(
      [before, written].flatMap((truth) =>
        Object.entries(truth.days).map(([day, t]) => [
          day,
          Object.values(t.per_member).reduce((sum, member) => sum + member.en, 0),
        ]),
      ),
    );
    sheet = path.join(env.workDir, 'shows.csv');
    fs.writeFileSync(sheet, `${sampleSheetCsv()}Broken Row,1,Studio,2019-02-30,,,,,,,,\n`);
    await env.startWorker({ maxActivities: 8 });
    const ingest = await runCli(
      ['ingest', '--source', `dir:${archives}`, '--from', '2019-07-02', '--to', '2019-07-03', '--wait'],
      env.env,
    );
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

  it('buzz --format json prints the SPEC metrics per day, equal to the ground truth; null on days with no data', async () => {
    const result = await runCli(['buzz', '--show', 'Zephyrine Hollow', '--format', 'json'], env.env);
    expect(result.code).toBe(0);
    const days = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(days).toHaveLength(36);
    const launch = days.find((d) => d.date === '2019-07-03')!;
    expect(Object.keys(launch)).toEqual([
      'show_key',
      'show_name',
      'season',
      'date',
      'source',
      'days_since_launch',
      'coverage',
      'tweets',
      'original_tweets',
      'retweets',
      'unique_authors',
      'share_of_sample',
      'statuses_in_sample',
      ...ESTIMATE_FIELDS,
      ...SENTIMENT_FIELDS,
      'no_sentiment',
      ...ORGANIC_FIELDS,
      'data_complete',
      'terms',
      'pageviews',
      'pageviews_coverage',
    ]);
    const means = await storedMeans();
    const measured = (day: string, coverage: string) => {
      const truth = zephyrine[day]!;
      return {
        coverage,
        tweets: truth.tweets,
        original_tweets: truth.original_tweets,
        retweets: truth.retweets,
        unique_authors: truth.unique_authors,
        share_of_sample: truth.tweets / statuses[day]!,
        statuses_in_sample: statuses[day],
        ...expectedEstimates(truth, coverage),
        ...plantedSentiment(truth, means.get(day)),
        ...generatedOrganic(truth),
        data_complete: coverage === 'complete',
        terms: { 'Zephyrine Hollow': truth.tweets },
        // The sample sheet lists no Wikipedia article.
        pageviews: null,
        pageviews_coverage: null,
      };
    };
    const noData = {
      coverage: 'none',
      tweets: null,
      original_tweets: null,
      retweets: null,
      unique_authors: null,
      share_of_sample: null,
      statuses_in_sample: null,
      ...expectedEstimates(undefined, 'none'),
      ...NOTHING_INGESTED_SENTIMENT,
      ...generatedOrganic(),
      data_complete: false,
      terms: { 'Zephyrine Hollow': null },
      pageviews: null,
      pageviews_coverage: null,
    };
    expect(days).toEqual(
      daysBetween('2019-06-26', '2019-07-31').map((date, i) => ({
        show_key: 'zephyrine-hollow:2',
        show_name: 'Zephyrine Hollow',
        season: '2',
        date,
        source: 'all',
        days_since_launch: i - 7,
        ...(date === '2019-07-02'
          ? measured(date, 'complete')
          : date === '2019-07-03'
            ? measured(date, 'partial')
            : noData),
      })),
    );
    expect(Math.min(zephyrine['2019-07-02']!.tweets, zephyrine['2019-07-03']!.tweets)).toBeGreaterThan(0);
    // The complete day's estimates hold the whole population the generator sampled the day from.
    const complete = days.find((d) => d.date === '2019-07-02') as Record<string, number>;
    const population = zephyrine['2019-07-02']!.population!;
    expect(population.tweets).toBeGreaterThanOrEqual(complete.est_tweets_low!);
    expect(population.tweets).toBeLessThanOrEqual(complete.est_tweets_high!);
    expect(population.unique_authors).toBeGreaterThanOrEqual(complete.est_unique_authors_low!);
    expect(population.unique_authors).toBeLessThanOrEqual(complete.est_unique_authors_high!);
  });

  it('buzz --format csv has a coverage column, one column per term, and empty cells on days with no data', async () => {
    const result = await runCli(['buzz', '--show', 'zephyrine-hollow:2', '--format', 'csv'], env.env);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trim().split('\n');
    expect(header).toBe(`${BUZZ_CSV_COLUMNS.join(',')},term:Zephyrine Hollow`);
    const means = await storedMeans();
    const line = (day: string, offset: number, coverage: string) => {
      const t = zephyrine[day]!;
      const share = t.tweets / statuses[day]!;
      const estimates = estimateCells(t, coverage);
      const sentiment = sentimentCells(plantedSentiment(t, means.get(day)));
      return `zephyrine-hollow:2,Zephyrine Hollow,2,${day},${offset},${coverage},${t.tweets},${t.original_tweets},${t.retweets},${t.unique_authors},${share},${estimates},${sentiment},${coverage === 'complete'},,,${organicCells(generatedOrganic(t))},${t.tweets}`;
    };
    expect(rows).toEqual(
      daysBetween('2019-06-26', '2019-07-31').map((date, i) =>
        date === '2019-07-02'
          ? line(date, -1, 'complete')
          : date === '2019-07-03'
            ? line(date, 0, 'partial')
            : `zephyrine-hollow:2,Zephyrine Hollow,2,${date},${i - 7},none,,,,,,${estimateCells(undefined, 'none')},${sentimentCells(NOTHING_INGESTED_SENTIMENT)},false,,,${organicCells(generatedOrganic())},`,
      ),
    );
  });

  it('buzz (table) marks each day none, partial or complete, leaves no-data cells empty, and totals the days with data', async () => {
    const result = await runCli(['buzz', '--show', 'Zephyrine Hollow'], env.env);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const rowOf = (day: string) =>
      lines
        .find((l) => l.includes(` ${day} `))!
        .split('│')
        .map((cell) => cell.trim());
    const [before, launch] = [zephyrine['2019-07-02']!, zephyrine['2019-07-03']!];
    const percent = (day: string) => `${((zephyrine[day]!.tweets / statuses[day]!) * 100).toFixed(3)}%`;
    // Every matching post is English and scored: net sentiment of the planted polarities.
    const net = (day: string) => {
      const { tweets, sentiment } = zephyrine[day]!;
      const value = (sentiment.positive - sentiment.negative) / tweets;
      return `${value > 0 ? '+' : ''}${value.toFixed(2)} of ${tweets} scored`;
    };
    expect(lines[0]).toBe('Zephyrine Hollow season 2 (zephyrine-hollow:2), launch 2019-07-03, UTC');
    expect(rowOf('2019-06-26')).toEqual(['', '2019-06-26', '-7', 'none', '', '', '', '', '', '', '', '', '', '']);
    const beforeEstimate = expectedEstimates(before, 'complete');
    expect(rowOf('2019-07-02')).toEqual([
      '',
      '2019-07-02',
      '-1',
      'complete',
      String(before.tweets),
      `${beforeEstimate.est_tweets!.toLocaleString('en-US')} (${beforeEstimate.est_tweets_low!.toLocaleString('en-US')}–${beforeEstimate.est_tweets_high!.toLocaleString('en-US')})`,
      String(before.original_tweets),
      String(before.retweets),
      String(before.unique_authors),
      `${beforeEstimate.est_unique_authors_low!.toLocaleString('en-US')}–${beforeEstimate.est_unique_authors_high!.toLocaleString('en-US')} (bounds)`,
      percent('2019-07-02'),
      net('2019-07-02'),
      `Zephyrine Hollow: ${before.tweets}`,
      '',
    ]);
    expect(rowOf('2019-07-03')).toEqual([
      '',
      '2019-07-03',
      '0',
      'partial',
      String(launch.tweets),
      'no estimate',
      String(launch.original_tweets),
      String(launch.retweets),
      String(launch.unique_authors),
      'no estimate',
      percent('2019-07-03'),
      net('2019-07-03'),
      `Zephyrine Hollow: ${launch.tweets}`,
      '',
    ]);
    expect(lines.filter((l) => / none +│/.test(l))).toHaveLength(34);
    expect(lines.at(-2)).toBe(`total: ${before.tweets + launch.tweets} tweets over 2 of 36 days (1 partial)`);
  });

  it('a show no tweet matches: 0 on the ingested days (partial on the partial one), nothing on the others', async () => {
    const quiet = path.join(env.workDir, 'quiet.csv');
    fs.writeFileSync(
      quiet,
      `${SHEET_COLUMNS.join(',')}\nQuiet Hours,1,Studio,2019-07-03,2019-07-01,2019-07-04,Velqorin,,,UTC,exact,TRUE\n`,
    );
    expect((await runCli(['shows', 'sync', '--sheet', `file:${quiet}`, '--wait'], env.env)).code).toBe(0);
    const json = await runCli(['buzz', '--show', 'Quiet Hours', '--format', 'json'], env.env);
    expect(json.code).toBe(0);
    expect(
      (JSON.parse(json.stdout) as Record<string, unknown>[]).map((d) => [
        d.date,
        d.coverage,
        d.tweets,
        d.unique_authors,
        d.share_of_sample,
        d.statuses_in_sample,
        d.terms,
      ]),
    ).toEqual([
      ['2019-07-01', 'none', null, null, null, null, { Velqorin: null }],
      ['2019-07-02', 'complete', 0, 0, 0, statuses['2019-07-02'], { Velqorin: 0 }],
      ['2019-07-03', 'partial', 0, 0, 0, statuses['2019-07-03'], { Velqorin: 0 }],
      ['2019-07-04', 'none', null, null, null, null, { Velqorin: null }],
    ]);
    const csv = await runCli(['buzz', '--show', 'Quiet Hours', '--format', 'csv'], env.env);
    expect(csv.stdout.trim().split('\n').slice(1)).toEqual([
      'quiet-hours:1,Quiet Hours,1,2019-07-01,-2,none,,,,,,,,,,,,,,,,,nothing was ingested,,nothing was ingested,,,,,,,nothing was ingested,false,,,,,,,,',
      // A complete day without a matching tweet: 0 sampled, 0 to 369 in all, and as many authors at most.
      'quiet-hours:1,Quiet Hours,1,2019-07-02,-1,complete,0,0,0,0,0,0.01,0,0,369,0,0,369,0,,0,369,no sampled post: bounded by the posts there could have been,sample,,0,0,0,0,,,no matching post,true,,,0,0,0,0,0,0',
      'quiet-hours:1,Quiet Hours,1,2019-07-03,0,partial,0,0,0,0,0,,,,,,,,,,,,only part of it was ingested from twitter,sample,only part of it was ingested from twitter,0,0,0,0,,,no matching post,false,,,0,0,0,0,0,0',
      'quiet-hours:1,Quiet Hours,1,2019-07-04,1,none,,,,,,,,,,,,,,,,,nothing was ingested,,nothing was ingested,,,,,,,nothing was ingested,false,,,,,,,,',
    ]);
    const table = await runCli(['buzz', '--show', 'Quiet Hours'], env.env);
    expect(table.stdout).toMatch(
      /│ 2019-07-02 │ -1 +│ complete │ 0 +│ 0 \(0–369\) +│ 0 +│ 0 +│ 0 +│ 0–369 \(bounds\) +│ 0\.000% +│ +│ Velqorin: 0 │/,
    );
    expect(table.stdout).toMatch(/│ 2019-07-04 │ 1 +│ none +│ +│ +│ +│ +│ +│ +│ +│ +│ +│/);
    expect(table.stdout).toContain('total: 0 tweets over 2 of 4 days (1 partial)');
  });

  it('buzz names an unknown show, and sync fails when no row is valid', async () => {
    const unknown = await runCli(['buzz', '--show', 'Nope'], env.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('--show "Nope": no such show (`buzztracker shows list` lists them)\n');
    const broken = path.join(env.workDir, 'broken.csv');
    fs.writeFileSync(broken, `${SHEET_COLUMNS.join(',')}\nOnly Row,1,,not-a-date\n`);
    const result = await runCli(['shows', 'sync', '--sheet', `file:${broken}`], env.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No valid row in the sheet.');
  });
});
