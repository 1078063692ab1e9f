import { createInterface } from 'node:readline';
import zlib from 'node:zlib';
import { Context, log } from '@temporalio/activity';
import type { Day } from '../domain/days';
import { storeKeys } from '../domain/store-keys';
import type { TweetDoc } from '../domain/tweet';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import type { ActivityDeps } from './deps';

export interface IndexResult {
  indexed: number;
}

async function* tweetDocs(store: ActivityDeps['store'], key: string): AsyncGenerator<TweetDoc> {
  const lines = createInterface({ input: (await store.get(key)).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line.length > 0) yield JSON.parse(line) as TweetDoc;
}

/**
 * Indexes one group's preprocessed tweets from the store into the monthly tweet indices.
 * `_id` is the tweet id, so a retry or a re-run replaces documents instead of adding them.
 * Used by ingestion and by reindex alike.
 */
export function indexGroupActivity(deps: ActivityDeps) {
  return async ({ day, group }: { day: Day; group: string }): Promise<IndexResult> => {
    let indexed = 0;
    const heartbeat = setInterval(() => Context.current().heartbeat({ indexed }), 5_000);
    try {
      await bulkWrite<TweetDoc>(deps.es, {
        what: `tweets of ${day} hour ${group}`,
        datasource: tweetDocs(deps.store, storeKeys.tweets(day, group)),
        onDocument: (doc) => ({ index: { _index: deps.indices.tweetsIndexFor(doc.created_at), _id: doc.id } }),
        onSuccess: () => indexed++,
        onFailedItems: deps.metrics.bulkItemsFailed,
      });
      deps.metrics.documentsIndexed(indexed);
      log.info('hour group indexed', { day, group, indexed });
      return { indexed };
    } finally {
      clearInterval(heartbeat);
    }
  };
}
