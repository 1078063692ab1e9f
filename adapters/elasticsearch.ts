import { Client } from '@elastic/elasticsearch';
import type { Config } from '../config/config';

/**
 * The Elasticsearch client every process uses. The 8.19 client checks the
 * X-Elastic-Product header of each answer, so it refuses anything that is not Elasticsearch.
 */
export function createElasticsearchClient(config: Config['elasticsearch']): Client {
  return new Client({
    node: config.url,
    requestTimeout: 60_000,
    maxRetries: 3,
  });
}
