import type { Client } from '@elastic/elasticsearch';
import type { Config } from '../../config/config';
import { indexNames, type IndexNames } from '../../domain/index-names';
import { createElasticsearchClient } from '../elasticsearch';
import { alertRepository } from './alerts';
import { dailyBuzzRepository } from './daily-buzz';
import { ingestRecordRepository } from './ingest-records';
import { pageviewsRepository } from './pageviews';
import { showRepository } from './shows';
import { tombstoneRepository } from './tombstones';
import { tweetRepository } from './tweets';

/** Every index family's repository, over one client: the only code that writes Elasticsearch queries. */
export function repositories(es: Client, indices: IndexNames) {
  return {
    tweets: tweetRepository(es, indices),
    tombstones: tombstoneRepository(es, indices),
    ingestRecords: ingestRecordRepository(es, indices),
    dailyBuzz: dailyBuzzRepository(es, indices),
    shows: showRepository(es, indices),
    alerts: alertRepository(es, indices),
    pageviews: pageviewsRepository(es, indices),
  };
}

export type Repositories = ReturnType<typeof repositories>;

/** The repositories over a client of their own (a CLI command's); close() when done. */
export function openRepositories(settings: Config['elasticsearch']): { repos: Repositories; close(): Promise<void> } {
  const es = createElasticsearchClient(settings);
  return { repos: repositories(es, indexNames(settings.indexPrefix)), close: () => es.close() };
}
