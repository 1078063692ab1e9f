import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { ChildWorkflowFailure, executeChild, patched, workflowInfo } from '@temporalio/workflow';
import { addDays, dayOfMs, type Day } from '../domain/days';
import { rootFailure } from '../domain/errors';
import { workflowIds } from '../contracts/workflow-ids';
import { dailyPageviews } from './fetch-pageviews';
import { ingestDayAsChild } from './ingest-child';
import type { DailyRunInput, DailyRunResult } from '../contracts/ingest';

/** Set by Temporal on workflows a Schedule starts (also on backfilled runs: the time they stand for). */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** Runs started before the daily run fetched pageviews replay without it. */
export const DAILY_PAGEVIEWS_PATCH = 'daily-run-pageviews';

/** The pageviews up to `through`, as a child `pageviews-through-<day>`; its failure is reported, not the run's. */
async function fetchDailyPageviews(through: Day): Promise<NonNullable<DailyRunResult['pageviews']>> {
  try {
    const result = await executeChild(dailyPageviews, {
      workflowId: workflowIds.dailyPageviews(through),
      args: [{ through }],
    });
    return { ...result, failed: result.failed.length };
  } catch (error) {
    if (error instanceof ChildWorkflowFailure) return { through, error: rootFailure(error).message };
    throw error;
  }
}

/**
 * One run of the daily schedule: ingests the day `lagDays` before the run's scheduled time (so a
 * backfilled run ingests the day it stands for), which refreshes the shows covering it; then
 * fetches the pageviews of every active show up to the day before the scheduled time.
 */
export async function dailyRun(input: DailyRunInput): Promise<DailyRunResult> {
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START) ?? new Date(info.startTime);
  const day = addDays(dayOfMs(scheduled.getTime()), -input.lagDays);
  const outcome = await ingestDayAsChild(day, input);
  const pageviews = patched(DAILY_PAGEVIEWS_PATCH)
    ? { pageviews: await fetchDailyPageviews(addDays(dayOfMs(scheduled.getTime()), -1)) }
    : {};
  if (outcome.status === 'ingested')
    return { day, status: 'ingested', kept: outcome.kept, complete: outcome.complete, ...pageviews };
  if (outcome.status === 'skipped') return { day, status: 'already_ingested', ...pageviews };
  return { ...outcome, ...pageviews };
}
