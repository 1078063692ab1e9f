import { createInterface } from 'node:readline';
import zlib from 'node:zlib';
import { Context, log } from '@temporalio/activity';
import type { Day } from '../domain/days';
import { storeKeys } from '../domain/store-keys';
import { tweetKeyOf } from '../domain/tweet';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import type { ActivityDeps } from './deps';
import type { IndexResult } from '../contracts/ingest';

/** The group's tweet documents as the store holds them: serialized, one a line. */
async function* tweetLines(store: ActivityDeps['store'], key: string, onLine: () => void): AsyncGenerator<string> {
  const lines = createInterface({ input: (await store.get(key)).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of lines)
    if (line.length > 0) {
      onLine();
      yield line;
    }
}

/**
 * Indexes one group's preprocessed tweets from the store into the monthly tweet indices.
 * `_id` is the tweet id, so a retry or a re-run replaces documents instead of adding them.
 * The documents go to Elasticsearch as the store holds them, never parsed and serialized again.
 * Used by ingestion and by reindex alike.
 */
export function indexGroupActivity(deps: ActivityDeps) {
  return async ({ day, group }: { day: Day; group: string }): Promise<IndexResult> => {
    let read = 0;
    const heartbeat = setInterval(() => Context.current().heartbeat({ read }), 5_000);
    try {
      const stats = await bulkWrite<string>(deps.es, {
        what: `tweets of ${day} hour ${group}`,
        datasource: tweetLines(deps.store, storeKeys.tweets(day, group), () => read++),
        onDocument: (line) => {
          const { id, created_at } = tweetKeyOf(line);
          return { index: { _index: deps.indices.tweetsIndexFor(created_at), _id: id } };
        },
        onFailedItems: deps.metrics.bulkItemsFailed,
        statusOnly: true,
      });
      const indexed = stats.successful;
      deps.metrics.documentsIndexed(indexed);
      log.info('hour group indexed', { day, group, indexed });
      return { indexed };
    } finally {
      clearInterval(heartbeat);
    }
  };
}
