import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import { addDays, dayOfMs, type Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';
import { ingestDayAsChild } from './ingest-child';

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
  const outcome = await ingestDayAsChild(day, input);
  if (outcome.status === 'ingested') return { day, status: 'ingested', kept: outcome.kept, complete: outcome.complete };
  if (outcome.status === 'skipped') return { day, status: 'already_ingested' };
  return outcome;
}
