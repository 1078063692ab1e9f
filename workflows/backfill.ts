import { defineQuery, setHandler } from '@temporalio/workflow';
import type { Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';
import { ingestDayAsChild, type DayOutcome } from './ingest-child';
import { runLimited } from './limit';

export type { DayOutcome } from './ingest-child';

export interface BackfillInput {
  days: Day[];
  source: string;
  languages: LanguageFilter;
  /** Re-run days that were already ingested (default: they are skipped). */
  force?: boolean;
  /** Days in flight at once (default 2). */
  dayParallelism?: number;
}

export interface BackfillProgress {
  daysTotal: number;
  running: Day[];
  outcomes: DayOutcome[];
}

export const backfillProgressQuery = defineQuery<BackfillProgress>('backfillProgress');

/**
 * Ingests a range of days as child workflows (ids ingest-day-YYYY-MM-DD), a few at a time. A
 * failed day does not stop the others; the result names every day's outcome.
 */
export async function backfill(input: BackfillInput): Promise<DayOutcome[]> {
  const progress: BackfillProgress = { daysTotal: input.days.length, running: [], outcomes: [] };
  setHandler(backfillProgressQuery, () => progress);

  return runLimited(input.days, input.dayParallelism ?? 2, async (day): Promise<DayOutcome> => {
    progress.running.push(day);
    const outcome = await ingestDayAsChild(day, input);
    progress.running = progress.running.filter((d) => d !== day);
    progress.outcomes.push(outcome);
    return outcome;
  });
}
