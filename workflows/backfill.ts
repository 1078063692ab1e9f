import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ChildWorkflowFailure,
  WorkflowIdReusePolicy,
  defineQuery,
  executeChild,
  setHandler,
} from '@temporalio/workflow';
import type { Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';
import { workflowIds } from '../domain/workflow-ids';
import { ingestDay } from './ingest-day';
import { runLimited } from './limit';
import { dayAttributes } from './search-attributes';

export interface BackfillInput {
  days: Day[];
  source: string;
  languages: LanguageFilter;
  /** Re-run days that were already ingested (default: they are skipped). */
  force?: boolean;
  /** Days in flight at once (default 2). */
  dayParallelism?: number;
}

export type DayOutcome =
  | { day: Day; status: 'ingested'; kept: number; indexed: number; complete: boolean }
  | { day: Day; status: 'skipped'; reason: string }
  | { day: Day; status: 'failed'; error: string };

export interface BackfillProgress {
  daysTotal: number;
  running: Day[];
  outcomes: DayOutcome[];
}

export const backfillProgressQuery = defineQuery<BackfillProgress>('backfillProgress');

function rootMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as { message?: string; cause?: unknown };
  return current?.message ?? String(error);
}

/**
 * Ingests a range of days as child workflows (ids ingest-day-YYYY-MM-DD), a few at a time. A
 * failed day does not stop the others; the result names every day's outcome.
 */
export async function backfill(input: BackfillInput): Promise<DayOutcome[]> {
  const progress: BackfillProgress = { daysTotal: input.days.length, running: [], outcomes: [] };
  setHandler(backfillProgressQuery, () => progress);

  return runLimited(input.days, input.dayParallelism ?? 2, async (day): Promise<DayOutcome> => {
    progress.running.push(day);
    let outcome: DayOutcome;
    try {
      const manifest = await executeChild(ingestDay, {
        workflowId: workflowIds.ingestDay(day),
        args: [{ day, source: input.source, languages: input.languages }],
        typedSearchAttributes: dayAttributes([day], input.source),
        workflowIdReusePolicy: input.force
          ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
          : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      });
      outcome = {
        day,
        status: 'ingested',
        kept: manifest.totals.kept,
        indexed: manifest.totals.indexed,
        complete: manifest.complete,
      };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        outcome = { day, status: 'skipped', reason: 'already ingested or being ingested (use --force to re-run)' };
      } else if (error instanceof ChildWorkflowFailure) {
        outcome = { day, status: 'failed', error: rootMessage(error) };
      } else {
        throw error;
      }
    }
    progress.running = progress.running.filter((d) => d !== day);
    progress.outcomes.push(outcome);
    return outcome;
  });
}
