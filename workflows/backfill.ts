import { setHandler } from '@temporalio/workflow';
import { ingestDayAsChild } from './ingest-child';
import { type DayOutcome } from '../contracts/ingest';
import { runLimited } from './limit';
import { backfillProgressQuery, type BackfillInput, type BackfillProgress } from '../contracts/ingest';

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
