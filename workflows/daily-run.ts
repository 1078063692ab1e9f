import {
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
  defineSearchAttributeKey,
} from '@temporalio/common';
import { ChildWorkflowFailure, WorkflowIdReusePolicy, executeChild, workflowInfo } from '@temporalio/workflow';
import { addDays, dayOfMs, type Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';
import { workflowIds } from '../domain/workflow-ids';
import { ingestDay } from './ingest-day';
import { dayAttributes } from './search-attributes';

export interface DailyRunInput {
  source: string;
  languages: LanguageFilter;
  /** Days between a run and the day it ingests: archives are published some time after the day ends. */
  lagDays: number;
}

export type DailyRunResult =
  | { day: Day; status: 'ingested'; kept: number; complete: boolean }
  | { day: Day; status: 'already_ingested' }
  | { day: Day; status: 'failed'; error: string };

/** Set by Temporal on workflows a Schedule starts (also on backfilled runs: the time they stand for). */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * One run of the daily schedule: ingests the day `lagDays` before the run's scheduled time (so a
 * backfilled run ingests the day it stands for). Ingestion then refreshes the shows covering it.
 */
export async function dailyRun(input: DailyRunInput): Promise<DailyRunResult> {
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START) ?? new Date(info.startTime);
  const day = addDays(dayOfMs(scheduled.getTime()), -input.lagDays);
  try {
    const manifest = await executeChild(ingestDay, {
      workflowId: workflowIds.ingestDay(day),
      args: [{ day, source: input.source, languages: input.languages }],
      typedSearchAttributes: dayAttributes([day], input.source),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    return { day, status: 'ingested', kept: manifest.totals.kept, complete: manifest.complete };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { day, status: 'already_ingested' };
    if (error instanceof ChildWorkflowFailure) {
      let cause: { message?: string; cause?: unknown } = error;
      while (cause.cause) cause = cause.cause as { message?: string; cause?: unknown };
      return { day, status: 'failed', error: cause.message ?? String(error) };
    }
    throw error;
  }
}
