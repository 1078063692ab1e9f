import { createElasticsearchClient } from '../../adapters/elasticsearch';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { deleteIndicesWithPrefix } from '../../adapters/elasticsearch-indices';
import { readAll } from '../../adapters/elasticsearch-read-all';
import { testConfig, uniqueId } from '../support/services';

describe('readAll: every hit of a search, however many (real Elasticsearch)', () => {
  const config = testConfig();
  const es = createElasticsearchClient(config.elasticsearch);
  const prefix = uniqueId('readall').toLowerCase();
  const index = `${prefix}-docs`;

  beforeAll(async () => {
    const docs = Array.from({ length: 25 }, (_, i) => ({
      n: i,
      key: `k${String(i).padStart(2, '0')}`,
      odd: i % 2 === 1,
    }));
    await bulkWrite(es, {
      what: 'test documents',
      datasource: docs,
      onDocument: (doc) => ({ index: { _index: index, _id: doc.key } }),
      refreshOnCompletion: index,
    });
  });

  afterAll(async () => {
    await deleteIndicesWithPrefix(es, prefix);
    await es.close();
  });

  it('reads past the page size, in the order asked, each hit once', async () => {
    const hits = await readAll<{ n: number }>(es, { index, query: { match_all: {} }, sort: [{ n: 'desc' }] }, 10);
    expect(hits.map((hit) => hit.source.n)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
    expect(new Set(hits.map((hit) => hit.id)).size).toBe(25);
  });

  it('reads exactly one page, and a query that matches part', async () => {
    const odd = await readAll<{ n: number }>(es, { index, query: { term: { odd: true } }, sort: [{ n: 'asc' }] }, 12);
    expect(odd.map((hit) => hit.source.n)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]);
  });

  it('reads a result shorter than a page in one request, sorted or not', async () => {
    const odd = await readAll<{ n: number }>(es, { index, query: { term: { odd: true } }, sort: [{ n: 'desc' }] }, 13);
    expect(odd.map((hit) => hit.source.n)).toEqual([23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1]);
    const all = await readAll<{ n: number }>(es, { index, query: { match_all: {} } }, 30);
    expect(all.map((hit) => hit.source.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('reads doc values alone, past the page size and when nothing matches', async () => {
    const columns = { index, docvalue_fields: ['n', 'key.keyword'], sort: [{ n: 'asc' as const }] };
    const hits = await readAll(es, { ...columns, query: { match_all: {} } }, 10);
    expect(hits.map((hit) => hit.fields)).toEqual(
      Array.from({ length: 25 }, (_, i) => ({ n: [i], 'key.keyword': [`k${String(i).padStart(2, '0')}`] })),
    );
    expect(await readAll(es, { ...columns, query: { term: { n: 99 } } })).toEqual([]);
  });

  it('finds nothing in an index that does not exist yet', async () => {
    expect(await readAll(es, { index: `${prefix}-absent`, query: { match_all: {} } })).toEqual([]);
  });
});
