import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import { addDays, dayOfMs } from '../domain/days';
import { ingestDayAsChild } from './ingest-child';
import type { DailyRunInput, DailyRunResult } from '../contracts/ingest';

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
  const outcome = await ingestDayAsChild(day, input);
  if (outcome.status === 'ingested') return { day, status: 'ingested', kept: outcome.kept, complete: outcome.complete };
  if (outcome.status === 'skipped') return { day, status: 'already_ingested' };
  return outcome;
}
