import { errors, type estypes } from '@elastic/elasticsearch';
import { createElasticsearchClient } from '../../adapters/elasticsearch';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { deleteIndicesWithPrefix } from '../../adapters/elasticsearch-indices';
import { searchBatch } from '../../adapters/elasticsearch-search-batch';
import { testConfig, uniqueId } from '../support/services';

describe('searchBatch: searches made together go out as one _msearch (real Elasticsearch)', () => {
  const config = testConfig();
  const es = createElasticsearchClient(config.elasticsearch);
  const prefix = uniqueId('batch').toLowerCase();
  const index = `${prefix}-docs`;
  /** The paths of the requests the client sent. */
  const paths: string[] = [];
  es.diagnostic.on('request', (_error, event) => {
    if (event) paths.push(event.meta.request.params.path);
  });

  /** Documents n = 0 … 29, in three colours by n mod 3. */
  beforeAll(async () => {
    await bulkWrite(es, {
      what: 'test documents',
      datasource: Array.from({ length: 30 }, (_, n) => ({ n, colour: ['red', 'green', 'blue'][n % 3] })),
      onDocument: (doc) => ({ index: { _index: index, _id: String(doc.n) } }),
      refreshOnCompletion: index,
    });
  });

  afterAll(async () => {
    await deleteIndicesWithPrefix(es, prefix);
    await es.close();
  });

  /** Documents with n below `below`, counted per colour with their sum of n. */
  const search = (below: number): estypes.SearchRequest => ({
    size: 0,
    query: { range: { n: { lt: below } } },
    aggs: { colours: { terms: { field: 'colour.keyword' }, aggs: { sum: { sum: { field: 'n' } } } } },
  });
  const colours = (answer: estypes.SearchResponse) =>
    (answer.aggregations!.colours as { buckets: { key: string; doc_count: number; sum: { value: number } }[] }).buckets
      .map((bucket) => [bucket.key, bucket.doc_count, bucket.sum.value])
      .sort();

  it('answers each search as Elasticsearch answers it alone, with one request for twelve', async () => {
    const batch = searchBatch(es);
    paths.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => batch.search({ index, body: search(3 * i + 1) })),
    );
    expect(paths).toEqual(['/_msearch']);
    // n < 1 is {0}: one red, sum 0; n < 34 is every document: ten of each colour.
    expect(colours(answers[0]!)).toEqual([['red', 1, 0]]);
    expect(colours(answers[11]!)).toEqual([
      ['blue', 10, 155],
      ['green', 10, 145],
      ['red', 10, 135],
    ]);
    for (const [i, answer] of answers.entries()) {
      const alone = await es.search({ index, ...search(3 * i + 1) });
      expect(colours(answer)).toEqual(colours(alone));
      expect(answer.hits.total).toEqual({ value: 3 * i + 1 > 30 ? 30 : 3 * i + 1, relation: 'eq' });
    }
  });

  it('sends at most maxSearches a request, and waits waitMs for searches that start later', async () => {
    paths.length = 0;
    const small = searchBatch(es, { maxSearches: 5 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => small.search({ index, body: search(i) })));
    expect(paths).toEqual(['/_msearch', '/_msearch', '/_msearch']);

    paths.length = 0;
    const patient = searchBatch(es, { waitMs: 1_000 });
    const first = patient.search({ index, body: search(10) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = patient.search({ index, body: search(20) });
    expect((await first).hits.total).toEqual({ value: 10, relation: 'eq' });
    expect((await second).hits.total).toEqual({ value: 20, relation: 'eq' });
    expect(paths).toEqual(['/_msearch']);
  });

  it('fails only the search that fails, with the status it would have failed with alone', async () => {
    const batch = searchBatch(es);
    const bad = { ...search(5), query: { range: { n: { lt: 'five' } } } };
    const missing = `${prefix}-absent`;
    const [good, failed, absent, allowedAbsent] = await Promise.allSettled([
      batch.search({ index, body: search(5) }),
      batch.search({ index, body: bad }),
      batch.search({ index: missing, body: search(5) }),
      batch.search({ index: missing, ignore_unavailable: true, allow_no_indices: true, body: search(5) }),
    ]);
    expect(good.status === 'fulfilled' && colours(good.value)).toEqual([
      ['blue', 1, 2],
      ['green', 2, 5],
      ['red', 2, 3],
    ]);
    const alone = await es.search({ index, ...bad }).catch((error: unknown) => error);
    expect(alone).toBeInstanceOf(errors.ResponseError);
    expect(failed.status === 'rejected' && failed.reason).toBeInstanceOf(errors.ResponseError);
    const reason = (failed as PromiseRejectedResult).reason as errors.ResponseError;
    expect(reason.statusCode).toBe((alone as errors.ResponseError).statusCode);
    expect(reason.statusCode).toBe(400);
    expect((absent as PromiseRejectedResult).reason).toMatchObject({ statusCode: 404 });
    expect((absent as PromiseRejectedResult).reason.message).toMatch(/index_not_found_exception/);
    expect(allowedAbsent.status === 'fulfilled' && allowedAbsent.value.hits.total).toEqual({
      value: 0,
      relation: 'eq',
    });
  });
});
