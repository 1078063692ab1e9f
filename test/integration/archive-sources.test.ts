import fs from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { writeSampleData } from '../../simulator/sample-data';
import type { DayTruth } from '../../simulator/generator';
import { workflowIds } from '../../contracts/workflow-ids';
import { parseSheetRows } from '../../domain/show-config';
import { measureShow } from '../../services/measure-show';
import { ingestDay } from '../../workflows/ingest-day';
import { startArchiveServer } from '../support/archive-http-server';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { testS3 } from '../support/services';

describe('archive sources and containers (real Temporal, Elasticsearch, S3)', () => {
  let env: BuzzTestEnv;
  const truths: Record<string, DayTruth> = {};
  const archives = (name: string) => path.join(env.workDir, name);

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 's3' });
    // Two hours a day keep these small; each day comes from another source.
    for (const [from, format] of [
      ['2019-07-10', 'zip'],
      ['2019-07-11', 'tar'],
      ['2019-07-12', 'tar'],
      ['2019-07-13', 'zip'],
    ] as const) {
      const written = await writeSampleData({
        out: archives(from),
        from,
        days: 1,
        linesPerMinute: 6,
        seed: 3,
        format,
        hours: [0, 1],
      });
      truths[from] = written.days[from]!;
    }
    await writeSampleData({
      out: archives('2019-07-14'),
      from: '2019-07-14',
      days: 1,
      // A whole day, so that only the sample check stands between its counts and an estimate.
      linesPerMinute: 4,
      seed: 3,
      format: 'tar',
      sampleRule: false,
    });
    await env.startWorker({ maxActivities: 8 });
  });

  afterAll(() => env?.close());

  const ingest = (day: string, source: string) =>
    env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(day),
      args: [{ day, source, languages: ['en'] }],
    });

  const expectTruth = (manifest: Awaited<ReturnType<typeof ingest>>, day: string) => {
    const t = truths[day]!;
    expect(manifest.totals).toMatchObject({
      lines: t.lines,
      statuses: t.statuses,
      kept: t.statuses_by_lang.en,
      notices: t.notices,
      malformed: t.malformed,
      members: 120,
      members_failed: 0,
    });
    expect(manifest.hours_missing).toHaveLength(22);
    // The generator follows the 1% sample's rule: every kept status is in the window.
    expect(manifest.sample_check).toEqual({
      in_window: t.statuses_by_lang.en,
      statuses: t.statuses_by_lang.en,
      share: 1,
      verdict: 'sample',
    });
  };

  it('reads a zip day archive from a local folder', async () => {
    const manifest = await ingest('2019-07-10', `dir:${archives('2019-07-10')}`);
    expect(manifest.container).toBe('zip');
    expectTruth(manifest, '2019-07-10');
  });

  it('reads a day archive from an S3 prefix', async () => {
    const { s3, bucket } = testS3(env.config);
    const prefix = `archives-${env.config.elasticsearch.indexPrefix}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}/twitter_stream_2019_07_11.tar`,
        Body: fs.readFileSync(path.join(archives('2019-07-11'), 'twitter_stream_2019_07_11.tar')),
      }),
    );
    s3.destroy();
    const manifest = await ingest('2019-07-11', `s3://${bucket}/${prefix}`);
    expect(manifest.archive).toBe(`s3://${bucket}/${prefix}/twitter_stream_2019_07_11.tar`);
    expectTruth(manifest, '2019-07-11');
  });

  it('reads the archive.org layout over HTTP with range requests (a local server stands in for archive.org)', async () => {
    const item = path.join(env.workDir, 'archive-org', 'archiveteam-twitter-stream-2019-07');
    fs.mkdirSync(item, { recursive: true });
    fs.copyFileSync(
      path.join(archives('2019-07-12'), 'twitter_stream_2019_07_12.tar'),
      path.join(item, 'twitter_stream_2019_07_12.tar'),
    );
    const server = await startArchiveServer(path.join(env.workDir, 'archive-org'));
    try {
      const manifest = await ingest('2019-07-12', server.url);
      expect(manifest.archive).toBe(`${server.url}/archiveteam-twitter-stream-2019-07/twitter_stream_2019_07_12.tar`);
      expectTruth(manifest, '2019-07-12');
      const whole = server.requests.filter((r) => r.startsWith('GET') && !r.includes('bytes='));
      expect(whole).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('retries a zip archive whose directory read got an HTTP 503, and reads the day whole', async () => {
    const item = path.join(env.workDir, 'archive-org-busy', 'archiveteam-twitter-stream-2019-07');
    fs.mkdirSync(item, { recursive: true });
    fs.copyFileSync(
      path.join(archives('2019-07-13'), 'twitter-stream-2019-07-13.zip'),
      path.join(item, 'twitter-stream-2019-07-13.zip'),
    );
    // Read 1 tells a zip from a tar; read 2 is the zip's central directory, the one that fails.
    const server = await startArchiveServer(path.join(env.workDir, 'archive-org-busy'), { failingRanges: [2] });
    try {
      const manifest = await ingest('2019-07-13', server.url);
      expect(manifest.container).toBe('zip');
      expectTruth(manifest, '2019-07-13');
      expect(server.requests.filter((r) => r.includes('bytes=')).length).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  });

  it('records a day whose ids break the 1% sample rule as not the sample, with the share that does', async () => {
    const manifest = await ingest('2019-07-14', `dir:${archives('2019-07-14')}`);
    const check = manifest.sample_check;
    expect(check.statuses).toBe(manifest.totals.kept);
    // Ids spread over the whole second: about 1% fall in the window by chance.
    expect(check.share).toBeLessThan(0.05);
    expect(check.verdict).toBe('not_sample');
    const record = await env.es.get<{ sample_verdict: string; sample_share: number }>({
      index: `${env.config.elasticsearch.indexPrefix}-ingest`,
      id: '2019-07-14',
    });
    expect(record._source).toMatchObject({ sample_verdict: 'not_sample', sample_share: check.share });

    // A show's day on it: counted, complete, and no estimate of all tweets (never a silent ×100).
    const { shows } = parseSheetRows(
      [
        {
          show_name: 'Zephyrine Hollow',
          season: '2',
          launch_date: '2019-07-14',
          optional_search_terms: 'Zephyrine Hollow',
        },
      ],
      ['show_name', 'season', 'launch_date', 'optional_search_terms'],
    );
    const [day] = await measureShow(env.repos, shows[0]!, '2019-07-14', '2019-07-14', new Date().toISOString());
    const reason = 'the Twitter archive of that day is not the 1% sample';
    expect(day).toMatchObject({
      date: '2019-07-14',
      data_complete: true,
      sample_verdict: 'not_sample',
      sample_rate: null,
      est_tweets: null,
      est_tweets_low: null,
      est_unique_authors_high: null,
      no_estimate: reason,
      no_authors_estimate: reason,
    });
    expect(day!.tweets).toBeGreaterThan(0);
  });
});
