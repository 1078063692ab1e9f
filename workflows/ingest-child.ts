import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ChildWorkflowFailure, WorkflowIdReusePolicy, executeChild } from '@temporalio/workflow';
import type { Day } from '../domain/days';
import { rootFailure } from '../domain/errors';
import type { LanguageFilter } from '../domain/languages';
import { workflowIds } from '../contracts/workflow-ids';
import { ingestDay } from './ingest-day';
import { dayAttributes } from '../contracts/search-attributes';
import type { DayOutcome } from '../contracts/ingest';

/**
 * Ingests one day as a child workflow `ingest-day-<day>`: the one way a backfill and the daily
 * run ingest a day. A day already ingested (or being ingested) is skipped unless `force`; a
 * failed day is an outcome, not a failure of the caller.
 */
export async function ingestDayAsChild(
  day: Day,
  options: { source: string; languages: LanguageFilter; force?: boolean },
): Promise<DayOutcome> {
  try {
    const manifest = await executeChild(ingestDay, {
      workflowId: workflowIds.ingestDay(day),
      args: [{ day, source: options.source, languages: options.languages }],
      typedSearchAttributes: dayAttributes([day], options.source),
      workflowIdReusePolicy: options.force
        ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
        : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    return {
      day,
      status: 'ingested',
      kept: manifest.totals.kept,
      indexed: manifest.totals.indexed,
      complete: manifest.complete,
    };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      return {
        day,
        status: 'skipped',
        // With force only a run in progress refuses a new one.
        reason: options.force ? 'being ingested now' : 'already ingested or being ingested (use --force to re-run)',
      };
    if (error instanceof ChildWorkflowFailure) return { day, status: 'failed', error: rootFailure(error).message };
    throw error;
  }
}
