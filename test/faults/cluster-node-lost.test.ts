import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { writeSampleData } from '../../simulator/sample-data';
import { loadConfig, type Config } from '../../config/config';
import { indexNames } from '../../domain/index-names';
import type { DayTruth, ShowDayTruth } from '../../simulator/generator';
import { clusterServices } from '../../infra/local/elasticsearch';
import { isHealthyState, recordsOf, serviceDown, serviceUp } from '../../infra/local/stack';
import type { LocalService } from '../../infra/local/service';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';
import { docsOnDay, expectedDocs } from '../support/ground-truth';
import { ingestUnderWay } from '../support/ingest-under-way';
import { sampleShowBuzz } from '../support/sample-buzz';
import { waitFor } from '../support/live-capture';

const DAY = '2019-07-02';
const RED_DAY = '2019-07-03';
/** A cluster of its own beside the stack's node: three nodes on loopback, 512 MB of heap each. */
const HTTP_PORTS = [9231, 9232, 9233];
const CLUSTER_URLS = HTTP_PORTS.map((port) => `http://localhost:${port}`);

/** The service of the node holding the primary of `index`'s shard 0. */
async function primaryHolder(admin: Client, nodes: LocalService[], index: string): Promise<LocalService> {
  const shards = await admin.cat.shards({ index, format: 'json' });
  const node = shards.find((shard) => shard.prirep === 'p' && shard.shard === '0')!.node;
  return nodes.find((service) => service.name === node)!;
}

/** Kills a node's whole process group (the launcher and the node's JVM), as a crash would. */
function crash(config: Config, node: LocalService): void {
  process.kill(-recordsOf(config).read(node.name)!.pid, 'SIGKILL');
}

async function clusterUp(config: Config, nodes: LocalService[]): Promise<void> {
  const reports = await Promise.all(nodes.map((node) => serviceUp(config, node)));
  if (!reports.every((r) => isHealthyState(r.state)))
    throw new Error(
      `the test cluster did not come up: ${reports.map((r) => `${r.name} ${r.detail ?? r.state}`).join('; ')}`,
    );
}

/**
 * R10 (docs/reliability.md): a node of a three-node Elasticsearch cluster (indices with one replica)
 * killed with `kill -9` in the middle of an ingest. The client knows every node; the cluster
 * promotes the lost primaries' replicas; the bulk path retries what was refused. The day completes
 * with exact counts, the buzz is exact, and the cluster is green again once the node is back.
 */
describe('R10: one node of a three-node Elasticsearch cluster killed during an ingest', () => {
  const config = { ...loadConfig(), stack: { ...loadConfig().stack, elasticsearchHeap: '512m' } };
  const nodes = clusterServices(config, {
    name: 'r10-es',
    dir: path.join(config.stack.dir, 'r10-cluster'),
    httpPorts: HTTP_PORTS,
    logDir: path.join(config.stack.dir, 'logs'),
  });
  const admin = new Client({ nodes: CLUSTER_URLS });
  let env: BuzzTestEnv;
  let truth: DayTruth;
  let buzz: Record<string, ShowDayTruth>;
  let archives: string;

  beforeAll(async () => {
    fs.rmSync(path.join(config.stack.dir, 'r10-cluster'), { recursive: true, force: true });
    await clusterUp(config, nodes);
    env = await createBuzzTestEnv({
      store: 'file',
      env: {
        ELASTICSEARCH_URL: CLUSTER_URLS.join(','),
        BUZZ_ES_REPLICAS: '1',
      },
    });
    archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 20,
      seed: 47,
      format: 'tar',
    });
    truth = written.days[DAY]!;
    buzz = written.buzz['zephyrine-hollow:2']!;
  }, 300_000);

  afterAll(async () => {
    await env?.close();
    await admin.close();
    await Promise.all(nodes.map((node) => serviceDown(config, node)));
    fs.rmSync(path.join(config.stack.dir, 'r10-cluster'), { recursive: true, force: true });
  }, 120_000);

  it('the day completes with exact counts and buzz; the cluster is green again with the node back', async () => {
    const worker = await startCli(['worker', '--max-activities', '2'], env.env, /polling task queue/);
    try {
      const handle = await ingestUnderWay(env, DAY, archives, 2);
      const tweetsIndex = indexNames(env.config.elasticsearch.indexPrefix).tweetsIndexFor(`${DAY}T00:00:00Z`);
      const settings = await admin.indices.getSettings({ index: tweetsIndex });
      expect(settings[tweetsIndex]!.settings!.index!.number_of_replicas).toBe('1');
      // A replica only takes over once it has started (a copy still recovering is lost with its primary).
      expect(
        (await admin.cluster.health({ index: tweetsIndex, wait_for_status: 'green', timeout: '60s' })).status,
      ).toBe('green');
      const doomed = await primaryHolder(admin, nodes, tweetsIndex);
      crash(config, doomed);
      const manifest = await handle.result();
      expect(manifest.totals).toMatchObject({
        lines: truth.lines,
        kept: truth.statuses_by_lang.en,
        indexed: truth.statuses_by_lang.en,
        members_failed: 0,
      });
      expect((await admin.cluster.health()).number_of_nodes).toBe(2);
      expect(await docsOnDay(env.es, env.config.elasticsearch.indexPrefix, DAY)).toBe(
        expectedDocs({ [DAY]: truth }, DAY, [DAY]),
      );
      expect(await sampleShowBuzz(env, archives, 'zephyrine-hollow:2', DAY)).toEqual({
        synced: 0,
        counts: [buzz[DAY]!.tweets, buzz[DAY]!.retweets, buzz[DAY]!.unique_authors],
      });
    } finally {
      await worker.stop();
    }

    await clusterUp(config, nodes);
    const health = await admin.cluster.health({ wait_for_status: 'green', timeout: '120s' });
    expect({ status: health.status, nodes: health.number_of_nodes, timed_out: health.timed_out }).toEqual({
      status: 'green',
      nodes: 3,
      timed_out: false,
    });
  }, 360_000);

  it('without replicas, the lost node makes the index red: the ingest says so by name, and finishes once the node is back', async () => {
    const red = await createBuzzTestEnv({
      store: 'file',
      env: {
        ELASTICSEARCH_URL: CLUSTER_URLS.join(','),
        BUZZ_ES_REPLICAS: '0',
      },
    });
    const worker = await startCli(['worker', '--max-activities', '2'], red.env, /polling task queue/);
    try {
      const redArchives = path.join(red.workDir, 'archives');
      const dayTruth = (
        await writeSampleData({ out: redArchives, from: RED_DAY, days: 1, linesPerMinute: 20, seed: 53, format: 'tar' })
      ).days[RED_DAY]!;
      const handle = await ingestUnderWay(red, RED_DAY, redArchives, 2);
      const tweetsIndex = indexNames(red.config.elasticsearch.indexPrefix).tweetsIndexFor(`${RED_DAY}T00:00:00Z`);
      const doomed = await primaryHolder(admin, nodes, tweetsIndex);
      crash(config, doomed);
      // Each attempt waits a minute for the shard, then fails, naming the index; the next one waits again.
      const failure = await waitFor(
        'an attempt failed on the red index',
        async () =>
          (await handle.describe()).raw.pendingActivities
            ?.map((activity) => activity.lastFailure?.message ?? '')
            .find((message) => message.includes(' is red')),
        (message) => message !== undefined,
        180_000,
      );
      expect(failure).toContain(`index ${tweetsIndex} is red: a primary shard has no active copy`);
      expect(failure).toContain('unavailable_shards_exception');
      await clusterUp(config, nodes);
      const manifest = await handle.result();
      expect(manifest.totals).toMatchObject({
        lines: dayTruth.lines,
        indexed: dayTruth.statuses_by_lang.en,
        members_failed: 0,
      });
      expect(await docsOnDay(red.es, red.config.elasticsearch.indexPrefix, RED_DAY)).toBe(
        expectedDocs({ [RED_DAY]: dayTruth }, RED_DAY, [RED_DAY]),
      );
    } finally {
      await worker.stop();
      await red.close();
    }
  }, 360_000);
});
