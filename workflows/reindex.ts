import { ActivityFailure, ApplicationFailure, defineQuery, patched, setHandler } from '@temporalio/workflow';
import type { Day } from '../domain/days';
import { indexing, quick } from './activity-options';
import { runLimited } from './limit';
import { publishDay } from './publish-day';

/** Patch: reindexDays tells the shows covering a rewritten day to recompute. */
const NOTIFY_SHOWS = 'reindex-notifies-shows';

export interface ReindexInput {
  days: Day[];
  groupParallelism?: number;
}

export type ReindexOutcome = { day: Day; status: 'reindexed'; indexed: number } | { day: Day; status: 'not_in_store' };

export const reindexProgressQuery = defineQuery<ReindexOutcome[]>('reindexProgress');

function isNotFound(error: unknown): boolean {
  return (
    error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === 'not_found'
  );
}

/**
 * Rebuilds the Elasticsearch data of some days from the store's preprocessed copy, without the
 * archives: the same indexing and publishing steps as ingestion.
 */
export async function reindexDays(input: ReindexInput): Promise<ReindexOutcome[]> {
  const outcomes: ReindexOutcome[] = [];
  setHandler(reindexProgressQuery, () => outcomes);
  await quick.ensureIngestIndices();
  for (const day of input.days) {
    const started = Date.now();
    let stored;
    try {
      stored = await quick.loadStoredDay({ day });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      outcomes.push({ day, status: 'not_in_store' });
      continue;
    }
    const groups = await runLimited(stored.groups, input.groupParallelism ?? 8, async (manifest) => ({
      manifest,
      index: await indexing.indexGroup({ day, group: manifest.group }),
    }));
    // Reindexing rewrites the day's tweets, so its shows must recompute too; histories of reindexes
    // that ran before this did not tell them (docs/contributing.md, "Changing workflows safely").
    const manifest = await publishDay(
      { plan: stored.plan, source: stored.source, groups, started },
      patched(NOTIFY_SHOWS),
    );
    outcomes.push({ day, status: 'reindexed', indexed: manifest.totals.indexed });
  }
  return outcomes;
}
