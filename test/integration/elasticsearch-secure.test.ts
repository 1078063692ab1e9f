import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, errors } from '@elastic/elasticsearch';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { deleteIndicesWithPrefix, ensureIngestIndices, ensureShowIndices } from '../../adapters/elasticsearch-indices';
import { formatServiceReports } from '../../cli/output';
import { loadConfig } from '../../config/config';
import { indexNames } from '../../domain/index-names';
import { buzzRoleDescriptor } from '../../adapters/elasticsearch-role';
import { apiKeyId, createBuzzApiKey } from '../../infra/local/elasticsearch-api-key';
import {
  SECURE_ELASTICSEARCH_PORT,
  SECURE_ELASTICSEARCH_URL,
  ensureBuzzApiKey,
  secureAdminClient,
  secureElasticsearchClient,
  secureElasticsearchFiles,
  secureElasticsearchService,
} from '../../infra/local/elasticsearch-secure';
import { PINNED } from '../../infra/local/versions';
import { isHealthyState, serviceDown, serviceUp, stackStatus, type ServiceReport } from '../../infra/local/stack';

const config = loadConfig();
const service = secureElasticsearchService(config);
const files = secureElasticsearchFiles(config);

/** The HTTP status and Elasticsearch error type of a refused call. */
async function refusal(call: Promise<unknown>): Promise<{ status?: number; type?: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof errors.ResponseError) {
      const body = error.body as { error?: { type?: string } } | undefined;
      return { status: error.statusCode, type: body?.error?.type };
    }
    throw error;
  }
  throw new Error('the call succeeded');
}

const forbidden = { status: 403, type: 'security_exception' };

async function connectionFailure(es: Client): Promise<string> {
  try {
    await es.cluster.health();
  } catch (error) {
    expect(error).toBeInstanceOf(errors.ConnectionError);
    return (error as Error).message;
  } finally {
    await es.close();
  }
  throw new Error('the call succeeded');
}

describe('the secured Elasticsearch node (stack up --secure) and BuzzTracker’s API key', () => {
  let up: ServiceReport;
  let admin: Client;
  /** A key made for this test's own prefix, as BuzzTracker's role would give it. */
  let es: Client;
  let apiKey: string;
  const prefix = `buzz-t${randomUUID().slice(0, 8)}`;
  const names = indexNames(prefix);
  const outsider = `${prefix}x-outside`;
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-api-key-'));

  beforeAll(async () => {
    up = await serviceUp(config, service, (line) => process.stderr.write(`[elasticsearch-secure] ${line}\n`));
    process.stderr.write(`[elasticsearch-secure] ${up.state} in ${up.seconds?.toFixed(1)}s\n`);
    if (!isHealthyState(up.state)) throw new Error(`The secured node did not come up:\n${formatServiceReports([up])}`);
    admin = secureAdminClient(config)!;
    apiKey = await createBuzzApiKey(admin, { name: `test-${prefix}`, indexPrefix: prefix });
    es = secureElasticsearchClient(config, { apiKey });
  });

  afterAll(async () => {
    await es?.close();
    if (admin) {
      await deleteIndicesWithPrefix(admin, prefix);
      await admin.indices.delete({ index: outsider, ignore_unavailable: true });
      await admin.indices.deleteIndexTemplate({ name: names.tweetsAlias }, { ignore: [404] });
      for (const name of [`test-${prefix}`, `test-${prefix}-ensured`])
        await admin.security.invalidateApiKey({ name, owner: true });
      await admin.close();
    }
    fs.rmSync(keyDir, { recursive: true, force: true });
    // Stop the node only when this test started it; a node that was running stays running.
    if (up?.state === 'started') await serviceDown(config, service);
  });

  it('speaks HTTPS only, with the stack CA, to the name on its certificate', async () => {
    const ca = fs.readFileSync(files.ca);
    const auth = { username: 'nobody', password: 'nothing' };
    expect(await connectionFailure(new Client({ node: SECURE_ELASTICSEARCH_URL, auth, maxRetries: 0 }))).toMatch(
      /self[- ]signed|unable to verify|local issuer/i,
    );
    expect(
      await connectionFailure(
        new Client({ node: `https://127.0.0.1:${SECURE_ELASTICSEARCH_PORT}`, auth, tls: { ca }, maxRetries: 0 }),
      ),
    ).toMatch(/altnames|does not match/i);
    expect(
      await connectionFailure(
        new Client({ node: `http://localhost:${SECURE_ELASTICSEARCH_PORT}`, auth, maxRetries: 0 }),
      ),
    ).toBeTruthy();
  });

  it('refuses a wrong API key, and no credential at all, with 401', async () => {
    const wrongSecret = Buffer.from(`${apiKeyId(apiKey)}:not-the-secret`).toString('base64');
    const wrong = secureElasticsearchClient(config, { apiKey: wrongSecret });
    const none = new Client({ node: SECURE_ELASTICSEARCH_URL, tls: { ca: fs.readFileSync(files.ca) }, maxRetries: 0 });
    const madeUp = secureElasticsearchClient(config, { apiKey: Buffer.from('made-up:key').toString('base64') });
    try {
      expect(await refusal(wrong.search({ index: names.daily }))).toEqual({ status: 401, type: 'security_exception' });
      expect(await refusal(madeUp.info())).toEqual({ status: 401, type: 'security_exception' });
      expect(await refusal(none.info())).toEqual({ status: 401, type: 'security_exception' });
    } finally {
      await Promise.all([wrong.close(), none.close(), madeUp.close()]);
    }
  });

  it('gives the stack’s own key file a working key that holds exactly the role file’s privileges', async () => {
    const own = fs.readFileSync(files.apiKey, 'utf8').trim();
    expect(fs.statSync(files.apiKey).mode & 0o777).toBe(0o600);
    expect(fs.statSync(files.adminPassword).mode & 0o777).toBe(0o600);
    expect(service.clientEnv!()).toEqual({
      ELASTICSEARCH_URL: 'https://localhost:9201',
      ELASTICSEARCH_CA: files.ca,
      ELASTIC_API_KEY_FILE: files.apiKey,
    });
    const client = secureElasticsearchClient(config, { apiKey: own });
    try {
      const me = await client.security.authenticate();
      expect(me.authentication_type).toBe('api_key');
      expect(me.api_key?.name).toBe('buzztracker');
      const role = buzzRoleDescriptor('buzz');
      const check = await client.security.hasPrivileges({
        cluster: role.cluster,
        index: role.indices!.map(({ names, privileges }) => ({ names, privileges })),
      });
      expect(check.has_all_requested).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('keeps a working key, gives it a changed role, and replaces a key the node refuses', async () => {
    const key = { file: path.join(keyDir, 'api-key'), name: `test-${prefix}-ensured`, indexPrefix: 'buzz' };
    expect(await ensureBuzzApiKey(config, admin, key)).toBe('created');
    const first = fs.readFileSync(key.file, 'utf8').trim();
    expect(fs.statSync(key.file).mode & 0o777).toBe(0o600);
    expect(await ensureBuzzApiKey(config, admin, key)).toBe('kept');
    expect(fs.readFileSync(key.file, 'utf8').trim()).toBe(first);

    // A changed role (here, for another index prefix) is given to the same key.
    expect(await ensureBuzzApiKey(config, admin, { ...key, indexPrefix: `${prefix}-moved` })).toBe('updated');
    expect(fs.readFileSync(key.file, 'utf8').trim()).toBe(first);
    const client = secureElasticsearchClient(config, { apiKey: first });
    try {
      const now = await client.security.hasPrivileges({
        index: [{ names: [`${prefix}-moved-shows`, 'buzz-shows'], privileges: ['read'] }],
      });
      expect(now.index).toEqual({
        [`${prefix}-moved-shows`]: { read: true },
        'buzz-shows': { read: false },
      });
    } finally {
      await client.close();
    }

    await admin.security.invalidateApiKey({ ids: [apiKeyId(first)] });
    expect(await ensureBuzzApiKey(config, admin, key)).toBe('created');
    const second = fs.readFileSync(key.file, 'utf8').trim();
    expect(second).not.toBe(first);

    fs.writeFileSync(key.file, Buffer.from('made-up:key').toString('base64'));
    expect(await ensureBuzzApiKey(config, admin, key)).toBe('created');
    // Only the key in the file works: the one it replaced was invalidated.
    const replaced = secureElasticsearchClient(config, { apiKey: second });
    try {
      expect(await refusal(replaced.security.authenticate())).toEqual({ status: 401, type: 'security_exception' });
    } finally {
      await replaced.close();
    }
  });

  it('lets the key make every call BuzzTracker makes on its own indices', async () => {
    // ping and info: GET / and HEAD / (cluster:monitor/main).
    expect(await es.ping()).toBe(true);
    expect((await es.info()).version.number).toBe(PINNED.elasticsearch.version);
    // The start-up check: who am I, and do I hold the role's privileges?
    expect((await es.security.authenticate()).api_key?.name).toBe(`test-${prefix}`);
    const role = buzzRoleDescriptor(prefix);
    expect(role.indices![0]!.names).toEqual([`${prefix}-*`]);
    const held = await es.security.hasPrivileges({
      cluster: role.cluster,
      index: role.indices!.map(({ names, privileges }) => ({ names, privileges })),
    });
    expect(held.has_all_requested).toBe(true);

    // Index template, put mapping on a wildcard with no index yet, exists, create; then again,
    // when exists is true and put mapping updates the existing indices.
    for (let round = 0; round < 2; round++) {
      await ensureIngestIndices(es, names);
      await ensureShowIndices(es, names);
    }
    expect(await es.indices.exists({ index: names.daily })).toBe(true);
    expect(Object.keys(await es.indices.get({ index: `${prefix}-*` }))).toContain(names.shows);
    expect((await es.indices.getMapping({ index: names.daily }))[names.daily]!.mappings.dynamic).toBe('strict');

    // Bulk index into a monthly index that the first write creates from the template (with its alias).
    const tweets = ['1', '2', '3'].map((id) => ({ id, created_at: '2019-07-01T10:00:00Z', lang: 'en', user_id: id }));
    await bulkWrite(es, {
      what: 'tweets',
      datasource: tweets,
      onDocument: (doc) => ({ index: { _index: names.tweetsIndexFor(doc.created_at), _id: doc.id } }),
      refreshOnCompletion: names.tweetsPattern,
    });
    expect((await es.count({ index: names.tweetsAlias })).count).toBe(3);

    // Bulk update with upsert, bulk delete by id (absent ones included), refresh of a missing index.
    await bulkWrite(es, {
      what: 'tombstones',
      datasource: [{ id: '1' }, { id: '9' }],
      onDocument: ({ id }) => [
        { update: { _index: names.deletes, _id: id } },
        { doc: { noticed_day: '2019-07-02' }, upsert: { noticed_day: '2019-07-02', held: false } },
      ],
      refreshOnCompletion: names.deletes,
    });
    await bulkWrite(es, {
      what: 'deleted tweets',
      datasource: ['1', '9'],
      onDocument: (id) => ({ delete: { _index: names.tweetsIndexFor('2019-07-01'), _id: id } }),
      ignoreStatus: [404],
      refreshOnCompletion: names.tweetsAlias,
    });
    await bulkWrite(es, {
      what: 'nothing',
      datasource: [],
      onDocument: () => ({ index: {} }),
      refreshOnCompletion: `${prefix}-not-there-yet`,
    });
    await es.indices.refresh({ index: `${prefix}-not-there-either`, ignore_unavailable: true });

    // index and update, as the show registry and the sheet syncs are written.
    await es.index({
      index: names.shows,
      id: 'show-a',
      document: { show_key: 'show-a', status: 'active', window_start: '2019-07-01', window_end: '2019-07-31' },
      refresh: 'wait_for',
    });
    await es.update({
      index: names.shows,
      id: 'show-a',
      doc: { show_key: 'show-a', last_computed_at: '2019-08-01T00:00:00Z' },
      doc_as_upsert: true,
      refresh: 'wait_for',
    });
    await bulkWrite(es, {
      what: 'daily buzz',
      datasource: ['2019-07-01', '2019-07-02'].map((date) => ({
        show_key: 'show-a',
        date,
        tweets: 2,
        unique_authors: 1,
        data_complete: true,
        term_counts: [{ term: 'a', tweets: 2 }],
      })),
      onDocument: (doc) => ({ index: { _index: names.daily, _id: `${doc.show_key}:${doc.date}` } }),
      refreshOnCompletion: names.daily,
    });

    // Searches with the aggregations BuzzTracker uses, a count, and a scroll.
    const answer = await es.search({
      index: names.daily,
      ignore_unavailable: true,
      size: 0,
      query: { term: { show_key: 'show-a' } },
      aggs: {
        days: { date_histogram: { field: 'date', calendar_interval: 'day' } },
        authors: { cardinality: { field: 'show_key' } },
        terms: { nested: { path: 'term_counts' }, aggs: { total: { sum: { field: 'term_counts.tweets' } } } },
        complete: { filters: { filters: { yes: { term: { data_complete: true } } } } },
      },
    });
    expect((answer.hits.total as { value: number }).value).toBe(2);
    expect(Object.keys(answer.aggregations!)).toEqual(expect.arrayContaining(['days', 'authors', 'terms', 'complete']));
    expect((await es.count({ index: names.deletes, query: { term: { held: false } } })).count).toBe(2);
    const scrolled: string[] = [];
    for await (const page of es.helpers.scrollSearch({
      index: names.tweetsAlias,
      query: { match_all: {} },
      _source: false,
      size: 1,
    })) {
      for (const hit of page.body.hits.hits) scrolled.push(hit._id!);
    }
    expect(scrolled.sort()).toEqual(['2', '3']);
  });

  it('refuses, with 403, writing outside the prefix, deleting an index, and what else BuzzTracker never does', async () => {
    await ensureShowIndices(es, names);
    await admin.indices.create({ index: outsider });

    expect(await refusal(es.index({ index: `other-${prefix}`, document: { a: 1 } }))).toEqual(forbidden);
    expect(await refusal(es.index({ index: outsider, document: { a: 1 } }))).toEqual(forbidden);
    expect(await refusal(es.search({ index: outsider }))).toEqual(forbidden);
    const bulk = await es.bulk({ operations: [{ index: { _index: outsider, _id: '1' } }, { a: 1 }] });
    expect(bulk.items[0]!.index!.status).toBe(403);
    expect(bulk.items[0]!.index!.error!.type).toBe('security_exception');

    expect(await refusal(es.indices.delete({ index: names.shows }))).toEqual(forbidden);
    expect(await refusal(es.indices.deleteIndexTemplate({ name: names.tweetsAlias }))).toEqual(forbidden);
    expect(await refusal(es.indices.putSettings({ index: names.shows, settings: { number_of_replicas: 0 } }))).toEqual(
      forbidden,
    );
    expect(await refusal(es.indices.forcemerge({ index: names.shows }))).toEqual(forbidden);
    expect(await refusal(es.cluster.health())).toEqual(forbidden);
    expect(await refusal(es.security.createApiKey({ name: 'more' }))).toEqual(forbidden);
    expect(await admin.indices.exists({ index: names.shows })).toBe(true);

    const more = await es.security.hasPrivileges({
      cluster: ['monitor', 'manage_index_templates', 'manage_own_api_key'],
      index: [{ names: [names.shows], privileges: ['delete_index', 'manage', 'maintenance'] }],
    });
    expect(more.has_all_requested).toBe(false);
    expect(Object.values(more.cluster).some(Boolean)).toBe(false);
    expect(Object.values(more.index[names.shows]!).some(Boolean)).toBe(false);
  });

  it('shows addresses and file names in stack status, never the password or a key', async () => {
    const reports = await stackStatus(config, { secure: true });
    const row = reports.find((r) => r.name === 'elasticsearch-secure')!;
    expect(row.state).toBe('running');
    expect(row.endpoints).toEqual(
      expect.objectContaining({ https: 'https://localhost:9201', ca: files.ca, 'api key file': files.apiKey }),
    );
    const printed = `${formatServiceReports(reports)}\n${JSON.stringify(reports)}`;
    const password = fs.readFileSync(files.adminPassword, 'utf8').trim();
    const own = fs.readFileSync(files.apiKey, 'utf8').trim();
    const secret = Buffer.from(own, 'base64').toString('utf8').split(':')[1]!;
    for (const hidden of [password, own, secret]) expect(printed).not.toContain(hidden);
  });
});
