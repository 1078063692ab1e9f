import { createElasticsearchClient } from '../../adapters/elasticsearch';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { testConfig, uniqueId } from '../support/services';

const config = testConfig();

describe('the one bulk path on the real Elasticsearch 8.19', () => {
  const es = createElasticsearchClient(config.elasticsearch);
  const index = `${config.elasticsearch.indexPrefix}-${uniqueId('bulk')}`;

  beforeAll(() => es.indices.create({ index, settings: { refresh_interval: '-1' } }));

  afterAll(async () => {
    await es.indices.delete({ index, ignore_unavailable: true });
    await es.close();
  });

  it('still refreshes when there is nothing to write, so earlier writes become visible', async () => {
    const docs = [{ id: 'a' }, { id: 'b' }];
    await bulkWrite(es, {
      what: 'two documents',
      datasource: docs,
      onDocument: (doc) => ({ index: { _index: index, _id: doc.id } }),
    });
    expect((await es.count({ index })).count).toBe(0);

    await bulkWrite(es, {
      what: 'nothing',
      datasource: [],
      onDocument: () => ({ index: {} }),
      refreshOnCompletion: index,
    });
    expect((await es.count({ index })).count).toBe(2);
  });

  it('refreshes nothing, without an error, when the index of an empty write does not exist yet', async () => {
    const missing = `${index}-missing`;
    const stats = await bulkWrite(es, {
      what: 'nothing',
      datasource: [],
      onDocument: () => ({ index: {} }),
      refreshOnCompletion: missing,
    });
    expect(stats.total).toBe(0);
    expect(await es.indices.exists({ index: missing })).toBe(false);
  });
});
