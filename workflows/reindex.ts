import { ActivityFailure, ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import { indexing, quick } from './activity-options';
import { runLimited } from './limit';
import { publishDay } from './publish-day';
import { reindexProgressQuery, type ReindexInput, type ReindexOutcome } from '../contracts/ingest';

/** Patch: reindexDays tells the shows covering a rewritten day to recompute. */
const NOTIFY_SHOWS = 'reindex-notifies-shows';

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
