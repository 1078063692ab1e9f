import path from 'node:path';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { writeSampleData } from '../../simulator/sample-data';
import type { DayManifest } from '../../domain/ingest-manifests';
import { countsProblems } from '../../domain/ingest-counts';
import type { DayTruth } from '../../simulator/generator';
import { storeKeys } from '../../domain/store-keys';
import { workflowIds } from '../../contracts/workflow-ids';
import { openStore } from '../../adapters/store';
import { createS3Client } from '../../adapters/s3-client';
import { backfill } from '../../workflows/backfill';
import { ingestDay } from '../../workflows/ingest-day';
import { reindexDays } from '../../workflows/reindex';
import { deleteIndicesWithPrefix } from '../../adapters/elasticsearch-indices';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { ADDON_OFF } from '../support/decoders';
import { allTweetIds, docsOnDay, expectedDeletesApplied, expectedDocs } from '../support/ground-truth';

const DAYS = ['2019-07-01', '2019-07-02'];

describe('ingesting generated days on the real Temporal, Elasticsearch and S3 servers', () => {
  let env: BuzzTestEnv;
  let truth: Record<string, DayTruth>;
  let archiveBytes: Record<string, { bytes_json: number; bytes_compressed: number }>;
  let source: string;
  const manifests: Record<string, DayManifest> = {};

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 's3' });
    const archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAYS[0]!,
      days: 2,
      linesPerMinute: 4,
      seed: 11,
      format: 'tar',
    });
    truth = written.days;
    archiveBytes = written.archives;
    source = `dir:${archives}`;
    // Built by npm ci, the addon is the default decoder (the wasm one is tried below).
    expect((await env.startWorker({ maxActivities: 8 })).decoder).toBe(
      ADDON_OFF ? 'libbz2 in WebAssembly (the addon is not used: BUZZ_BZ2_ADDON=off)' : 'the libbz2 addon',
    );
  });

  afterAll(() => env?.close());

  it('ingests two days, one after the other, with every count equal to the ground truth', async () => {
    const outcomes = await env.temporal.workflow.execute(backfill, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.backfill(DAYS[0]!, DAYS[1]!),
      args: [{ days: DAYS, source, languages: ['en'], dayParallelism: 1 }],
    });
    expect(outcomes.map((o) => [o.day, o.status])).toEqual(DAYS.map((day) => [day, 'ingested']));

    for (const day of DAYS) {
      const manifest = await env.temporal.workflow.getHandle<typeof ingestDay>(workflowIds.ingestDay(day)).result();
      manifests[day] = manifest;
      const t = truth[day]!;
      expect(manifest.totals).toMatchObject({
        lines: t.lines,
        statuses: t.statuses,
        kept: t.statuses_by_lang.en,
        filtered_out: t.statuses - t.statuses_by_lang.en!,
        notices: t.notices,
        notices_by_kind: t.notices_by_kind,
        malformed: t.malformed,
        malformed_by_reason: t.malformed_by_reason,
        members: 1440,
        members_failed: 0,
        indexed: t.statuses_by_lang.en,
        delete_notices: t.notices_by_kind.delete,
        deletes_applied: expectedDeletesApplied(truth, day),
      });
      expect(countsProblems(manifest.totals)).toEqual([]);
      expect(manifest.complete).toBe(true);
      expect(Object.keys(manifest.groups)).toHaveLength(24);
      expect(manifest.totals.bytes_json).toBe(archiveBytes[day]!.bytes_json);
      expect(manifest.totals.bytes_in).toBe(archiveBytes[day]!.bytes_compressed);
    }
    // Day 2's notices also removed tweets of day 1.
    expect(truth[DAYS[0]!]!.en_deleted_by_notices_of[DAYS[1]!]).toBeGreaterThan(0);
    for (const day of DAYS) {
      expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, day)).toBe(expectedDocs(truth, day, DAYS));
    }
  });

  it('keeps the preprocessed copy and the manifests in the store, partitioned by day and hour', async () => {
    const store = openStore(env.config.store.uri, () => createS3Client(env.config.s3));
    const keys = await store.list(storeKeys.dayPrefix(DAYS[0]!));
    expect(keys.filter((key) => key.endsWith('/tweets.ndjson.gz'))).toHaveLength(24);
    expect(keys.filter((key) => key.endsWith('/deleted-ids.txt.gz'))).toHaveLength(24);
    expect(await store.exists(storeKeys.dayManifest(DAYS[0]!))).toBe(true);
    const recorded = await env.es.get<{ lines: number; complete: boolean }>({
      index: `${env.config.elasticsearch.indexPrefix}-ingest`,
      id: DAYS[0]!,
    });
    expect(recorded._source).toMatchObject({ lines: truth[DAYS[0]!]!.lines, complete: true });
  });

  it('re-running a day (forced) leaves every count unchanged', async () => {
    const day = DAYS[0]!;
    const before = await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, day);
    const again = await env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(day),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      args: [{ day, source, languages: ['en'] }],
    });
    expect(again.totals).toEqual(manifests[day]!.totals);
    expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, day)).toBe(before);
  });

  it('a worker decoding with wasm, the fallback without the addon, finds the same counts', async () => {
    const day = DAYS[1]!;
    const taskQueue = `${env.config.temporal.taskQueue}-wasm`;
    const worker = await env.startWorker({ maxActivities: 4, decoder: 'wasm', taskQueue });
    expect(worker.decoder).toBe('libbz2 in WebAssembly');
    const again = await env.temporal.workflow.execute(ingestDay, {
      taskQueue,
      workflowId: workflowIds.ingestDay(day),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      args: [{ day, source, languages: ['en'] }],
    });
    expect(again.totals).toEqual(manifests[day]!.totals);
    expect(again.totals.members_failed).toBe(0);
  });

  it('reindex rebuilds the same Elasticsearch data from the store alone', async () => {
    const prefix = env.config.elasticsearch.indexPrefix;
    const idsBefore = await allTweetIds(env.es, prefix);
    await deleteIndicesWithPrefix(env.es, prefix);
    const outcomes = await env.temporal.workflow.execute(reindexDays, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.reindex(DAYS[0]!, DAYS[1]!),
      args: [{ days: [...DAYS, '2019-07-03'] }],
    });
    expect(outcomes).toEqual([
      { day: DAYS[0], status: 'reindexed', indexed: truth[DAYS[0]!]!.statuses_by_lang.en },
      { day: DAYS[1], status: 'reindexed', indexed: truth[DAYS[1]!]!.statuses_by_lang.en },
      { day: '2019-07-03', status: 'not_in_store' },
    ]);
    expect(await allTweetIds(env.es, prefix)).toEqual(idsBefore);
    for (const day of DAYS) expect(await docsOnDay(env.es, prefix, day)).toBe(expectedDocs(truth, day, DAYS));
  });
});
