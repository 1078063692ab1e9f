import type { Command } from 'commander';
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { absoluteSheetUri } from '../../adapters/sheets';
import { SOURCE_FORMS } from '../../domain/locations';
import { loadConfig, type Config } from '../../config/config';
import { parseLanguages } from '../../domain/languages';
import { scheduleIds } from '../../contracts/workflow-ids';
import type { DailyRunResult } from '../../contracts/ingest';
import {
  backfillDailyRun,
  describeSchedules,
  pauseDailyRun,
  triggerDailyRun,
  upsertDailyRun,
  upsertSheetSync,
} from '../../client/schedules';
import {
  dayArgument,
  dayRange,
  languagesArgument,
  positiveInt,
  sheetArgument,
  sourceArgument,
  timeOfDay,
} from '../arguments';
import { followWorkflow } from '../follow';
import { connectClient } from '../../client/connection';
import { cliTable } from '../tables';

interface CreateOptions {
  source: string;
  at: string;
  lagDays: number;
  lang: string;
  sheet?: string;
  syncEvery: number;
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
        const { taskQueue } = config.temporal;
        const settings = { ...options, languages: parseLanguages(options.lang) };
        console.log(`${scheduleIds.dailyRun}: ${await upsertDailyRun(client, taskQueue, settings)}`);
        if (options.sheet)
          console.log(
            `${scheduleIds.sheetSync}: ${await upsertSheetSync(client, taskQueue, absoluteSheetUri(options.sheet), options.syncEvery)}`,
          );
      }),
    );

  schedule
    .command('describe')
    .description('show the schedules: spec, state, next and recent runs')
    .action(() =>
      withClient(async (client) => {
        for (const { id, description } of await describeSchedules(client)) {
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
          const table = cliTable(['scheduled', 'workflow', 'started']);
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
        const startedRun = await triggerDailyRun(client);
        console.log(`triggered ${scheduleIds.dailyRun}`);
        if (!options.wait) return;
        const result = await followWorkflow<DailyRunResult>(await startedRun(), { client, config });
        console.log(JSON.stringify(result));
        if (result.status === 'failed') process.exitCode = 1;
      }),
    );

  schedule
    .command('pause')
    .description('pause the daily run (--unpause resumes it)')
    .option('--note <text>', 'why', 'paused from the CLI')
    .option('--unpause', 'resume instead')
    .action((options: { note: string; unpause?: boolean }) =>
      withClient(async (client) => {
        await pauseDailyRun(client, options.note, options.unpause);
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
        await backfillDailyRun(client, options.from, options.to);
        console.log(`backfilling ${scheduleIds.dailyRun} from ${options.from} to ${options.to}`);
      });
    });
}
