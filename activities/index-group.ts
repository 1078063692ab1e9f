import { Context, log } from '@temporalio/activity';
import type { Day } from '../domain/days';
import type { IndexResult } from '../domain/ingest-manifests';
import { scorerOf, withDerivedFields } from '../domain/tweet';
import type { ActivityDeps } from './deps';

/**
 * Indexes one group's preprocessed tweets from the store into the monthly tweet indices.
 * `_id` is the tweet id, so a retry or a re-run replaces documents instead of adding them.
 * The documents go to Elasticsearch as the store holds them, never parsed and serialized again,
 * except those stored before sentiment or near-duplicate fingerprints existed, which get them on
 * the way (domain/tweet.ts).
 * Used by ingestion and by reindex alike.
 */
export function indexGroupActivity(deps: ActivityDeps) {
  return async ({ day, group }: { day: Day; group: string }): Promise<IndexResult> => {
    let read = 0;
    const score = scorerOf(deps.scoreSentiment);
    const heartbeat = setInterval(() => Context.current().heartbeat({ read }), 5_000);
    async function* counted(lines: AsyncGenerator<string>): AsyncGenerator<string> {
      for await (const line of lines) {
        read++;
        yield withDerivedFields(line, score);
      }
    }
    try {
      const indexed = await deps.repos.tweets.indexStoredLines(
        `tweets of ${day} hour ${group}`,
        counted(deps.dayStore.groupTweetLines(day, group)),
        deps.metrics.bulkItemsFailed,
      );
      deps.metrics.documentsIndexed(indexed);
      log.info('hour group indexed', { day, group, indexed });
      return { indexed };
    } finally {
      clearInterval(heartbeat);
    }
  };
}
