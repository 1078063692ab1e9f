import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleOptions,
  type WorkflowHandle,
} from '@temporalio/client';
import { scheduleIds, workflowIds } from '../contracts/workflow-ids';
import type { Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';
import { dailyRun } from '../workflows/daily-run';
import { syncShows } from '../workflows/sync-shows';

export interface DailyRunSettings {
  source: string;
  /** Time of day (UTC) of the run, HH:MM. */
  at: string;
  lagDays: number;
  languages: LanguageFilter;
}

/**
 * Overlap BUFFER_ONE: a run that starts while the previous one still ingests waits for it (one at
 * most), so a slow day delays the next instead of skipping it. Catch-up window 3 days: after an
 * outage of the Temporal cluster, runs missed in the last 3 days still happen; older ones are
 * backfilled with `schedule backfill`.
 */
function dailyRunSchedule(taskQueue: string, settings: DailyRunSettings): ScheduleOptions {
  const [hour, minute] = settings.at.split(':').map(Number);
  return {
    scheduleId: scheduleIds.dailyRun,
    spec: { calendars: [{ hour: hour!, minute: minute! }] },
    action: {
      type: 'startWorkflow',
      workflowType: dailyRun,
      workflowId: workflowIds.dailyRun,
      taskQueue,
      args: [{ source: settings.source, languages: settings.languages, lagDays: settings.lagDays }],
    },
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '3 days', pauseOnFailure: false },
    memo: {
      description: `ingest the day ${settings.lagDays} days back from ${settings.source}, then refresh the shows covering it`,
    },
  };
}

function sheetSyncSchedule(taskQueue: string, sheetUri: string, minutes: number): ScheduleOptions {
  return {
    scheduleId: scheduleIds.sheetSync,
    spec: { intervals: [{ every: `${minutes} minutes` }] },
    action: {
      type: 'startWorkflow',
      workflowType: syncShows,
      workflowId: workflowIds.sheetSync,
      taskQueue,
      args: [{ sheetUri }],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    memo: { description: `reconcile the show workflows with ${sheetUri}` },
  };
}

/** Creates the schedule, or updates it to these options when it exists. */
async function upsert(client: Client, options: ScheduleOptions): Promise<'created' | 'updated'> {
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action as never,
      policies: options.policies,
    }));
    return 'updated';
  }
}

/** The daily run: each day, ingest the day `lagDays` back and refresh the shows covering it. */
export function upsertDailyRun(client: Client, taskQueue: string, settings: DailyRunSettings) {
  return upsert(client, dailyRunSchedule(taskQueue, settings));
}

/** The periodic sheet sync: the reconciler of rows added or deleted without a notification. */
export function upsertSheetSync(client: Client, taskQueue: string, sheetUri: string, minutes: number) {
  return upsert(client, sheetSyncSchedule(taskQueue, sheetUri, minutes));
}

/** Runs the daily run now; the function it gives waits for the run the trigger started. */
export async function triggerDailyRun(client: Client): Promise<() => Promise<WorkflowHandle<typeof dailyRun>>> {
  const handle = client.schedule.getHandle(scheduleIds.dailyRun);
  const before = (await handle.describe()).info.recentActions.length;
  await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  return () => startedRun(client, before);
}

async function startedRun(client: Client, before: number): Promise<WorkflowHandle<typeof dailyRun>> {
  const handle = client.schedule.getHandle(scheduleIds.dailyRun);
  for (;;) {
    const actions = (await handle.describe()).info.recentActions;
    if (actions.length > before) {
      const { workflowId, firstExecutionRunId } = actions[actions.length - 1]!.action.workflow;
      return client.workflow.getHandle<typeof dailyRun>(workflowId, firstExecutionRunId);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Runs the daily run for each scheduled time in a past range (missed runs). */
export async function backfillDailyRun(client: Client, from: Day, to: Day): Promise<void> {
  await client.schedule.getHandle(scheduleIds.dailyRun).backfill({
    start: new Date(`${from}T00:00:00Z`),
    end: new Date(`${to}T23:59:59Z`),
    overlap: ScheduleOverlapPolicy.BUFFER_ALL,
  });
}

/** Pauses the daily run (or resumes it), with a note saying why. */
export async function pauseDailyRun(client: Client, note: string, resume = false): Promise<void> {
  const handle = client.schedule.getHandle(scheduleIds.dailyRun);
  if (resume) await handle.unpause(note);
  else await handle.pause(note);
}

/** The daily run's description, and the sheet sync's when it exists. */
export async function describeSchedules(client: Client): Promise<{ id: string; description: ScheduleDescription }[]> {
  const found = [];
  for (const id of [scheduleIds.dailyRun, scheduleIds.sheetSync]) {
    try {
      found.push({ id, description: await client.schedule.getHandle(id).describe() });
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError && id === scheduleIds.sheetSync)) throw error;
    }
  }
  return found;
}
