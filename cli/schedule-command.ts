import Table from 'cli-table3';
import type { Command } from 'commander';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import { absoluteSheetUri } from '../adapters/sheets';
import { SOURCE_FORMS } from '../domain/locations';
import { loadConfig, type Config } from '../config/config';
import { parseLanguages } from '../domain/languages';
import { scheduleIds, workflowIds } from '../contracts/workflow-ids';
import { dailyRun } from '../workflows/daily-run';
import { syncShows } from '../workflows/sync-shows';
import {
  dayArgument,
  dayRange,
  languagesArgument,
  positiveInt,
  sheetArgument,
  sourceArgument,
  timeOfDay,
} from './arguments';
import { followWorkflow } from './follow';
import { connectClient } from './temporal-client';

interface CreateOptions {
  source: string;
  at: string;
  lagDays: number;
  lang: string;
  sheet?: string;
  syncEvery: number;
}

/**
 * Overlap BUFFER_ONE: a run that starts while the previous one still ingests waits for it (one at
 * most), so a slow day delays the next instead of skipping it. Catch-up window 3 days: after an
 * outage of the Temporal cluster, runs missed in the last 3 days still happen; older ones are
 * backfilled with `schedule backfill`.
 */
function dailyRunSchedule(config: Config, options: CreateOptions): ScheduleOptions {
  const [hour, minute] = options.at.split(':').map(Number);
  return {
    scheduleId: scheduleIds.dailyRun,
    spec: { calendars: [{ hour: hour!, minute: minute! }] },
    action: {
      type: 'startWorkflow',
      workflowType: dailyRun,
      workflowId: workflowIds.dailyRun,
      taskQueue: config.temporal.taskQueue,
      args: [{ source: options.source, languages: parseLanguages(options.lang), lagDays: options.lagDays }],
    },
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '3 days', pauseOnFailure: false },
    memo: {
      description: `ingest the day ${options.lagDays} days back from ${options.source}, then refresh the shows covering it`,
    },
  };
}

function sheetSyncSchedule(config: Config, sheet: string, minutes: number): ScheduleOptions {
  const sheetUri = absoluteSheetUri(sheet);
  return {
    scheduleId: scheduleIds.sheetSync,
    spec: { intervals: [{ every: `${minutes} minutes` }] },
    action: {
      type: 'startWorkflow',
      workflowType: syncShows,
      workflowId: workflowIds.sheetSync,
      taskQueue: config.temporal.taskQueue,
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

async function withClient(run: (client: Client, config: Config) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const { client, close } = await connectClient(config);
  try {
    await run(client, config);
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) {
      console.error(
        `No schedule ${scheduleIds.dailyRun}: create it with \`buzztracker schedule create --source <uri>\`.`,
      );
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await close();
  }
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program
    .command('schedule')
    .description(`the daily run (${scheduleIds.dailyRun}) and the periodic sheet sync (${scheduleIds.sheetSync})`);

  schedule
    .command('create')
    .description(
      'create or update the daily run: each day, ingest the newest complete day and refresh the shows covering it',
    )
    .requiredOption('--source <uri>', `where the daily archives appear: ${SOURCE_FORMS}`, sourceArgument)
    .option('--at <HH:MM>', 'time of day (UTC) of the run', timeOfDay, '06:00')
    .option(
      '--lag-days <n>',
      'ingest the day this many days before the run (archives are published late)',
      positiveInt,
      2,
    )
    .option('--lang <codes>', 'languages to keep, "*" for all', languagesArgument, 'en')
    .option(
      '--sheet <uri>',
      'also sync this sheet periodically (the reconciler of rows added or deleted without a notification)',
      sheetArgument,
    )
    .option('--sync-every <minutes>', 'minutes between sheet syncs', positiveInt, 15)
    .action((options: CreateOptions) =>
      withClient(async (client, config) => {
        console.log(`${scheduleIds.dailyRun}: ${await upsert(client, dailyRunSchedule(config, options))}`);
        if (options.sheet)
          console.log(
            `${scheduleIds.sheetSync}: ${await upsert(client, sheetSyncSchedule(config, options.sheet, options.syncEvery))}`,
          );
      }),
    );

  schedule
    .command('describe')
    .description('show the schedules: spec, state, next and recent runs')
    .action(() =>
      withClient(async (client) => {
        for (const id of [scheduleIds.dailyRun, scheduleIds.sheetSync]) {
          let description;
          try {
            description = await client.schedule.getHandle(id).describe();
          } catch (error) {
            if (error instanceof ScheduleNotFoundError && id === scheduleIds.sheetSync) continue;
            throw error;
          }
          console.log(
            `${id} — ${description.state.paused ? `PAUSED (${description.state.note ?? ''})` : 'active'}; ${String(description.memo?.description ?? '')}`,
          );
          console.log(
            `  overlap ${description.policies.overlap}, catch-up window ${description.policies.catchupWindow / 1000 / 3600} h`,
          );
          console.log(
            `  next runs: ${
              description.info.nextActionTimes
                .slice(0, 3)
                .map((t) => t.toISOString())
                .join(', ') || 'none'
            }`,
          );
          const table = new Table({ head: ['scheduled', 'workflow', 'started'], style: { head: [], border: [] } });
          for (const action of description.info.recentActions.slice(-5)) {
            table.push([
              action.scheduledAt.toISOString(),
              action.action.workflow.workflowId,
              action.takenAt.toISOString(),
            ]);
          }
          if (description.info.recentActions.length > 0) console.log(table.toString());
        }
      }),
    );

  schedule
    .command('trigger')
    .description('run the daily run now')
    .option('--wait', 'wait for the run and print what it did')
    .action((options: { wait?: boolean }) =>
      withClient(async (client, config) => {
        const handle = client.schedule.getHandle(scheduleIds.dailyRun);
        const before = (await handle.describe()).info.recentActions.length;
        await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
        console.log(`triggered ${scheduleIds.dailyRun}`);
        if (!options.wait) return;
        for (;;) {
          const actions = (await handle.describe()).info.recentActions;
          if (actions.length > before) {
            const { workflowId, firstExecutionRunId } = actions[actions.length - 1]!.action.workflow;
            const result = await followWorkflow<Awaited<ReturnType<typeof dailyRun>>>(
              client.workflow.getHandle(workflowId, firstExecutionRunId),
              { client, config },
            );
            console.log(JSON.stringify(result));
            if (result.status === 'failed') process.exitCode = 1;
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      }),
    );

  schedule
    .command('pause')
    .description('pause the daily run (--unpause resumes it)')
    .option('--note <text>', 'why', 'paused from the CLI')
    .option('--unpause', 'resume instead')
    .action((options: { note: string; unpause?: boolean }) =>
      withClient(async (client) => {
        const handle = client.schedule.getHandle(scheduleIds.dailyRun);
        if (options.unpause) await handle.unpause(options.note);
        else await handle.pause(options.note);
        console.log(`${scheduleIds.dailyRun} ${options.unpause ? 'resumed' : 'paused'}`);
      }),
    );

  schedule
    .command('backfill')
    .description('run the daily run for each scheduled time in a past range (missed runs)')
    .requiredOption('--from <date>', 'first scheduled day', dayArgument)
    .requiredOption('--to <date>', 'last scheduled day', dayArgument)
    .action((options: { from: string; to: string }) => {
      dayRange(options.from, options.to);
      return withClient(async (client) => {
        await client.schedule.getHandle(scheduleIds.dailyRun).backfill({
          start: new Date(`${options.from}T00:00:00Z`),
          end: new Date(`${options.to}T23:59:59Z`),
          overlap: ScheduleOverlapPolicy.BUFFER_ALL,
        });
        console.log(`backfilling ${scheduleIds.dailyRun} from ${options.from} to ${options.to}`);
      });
    });
}
