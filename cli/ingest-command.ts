import Table from 'cli-table3';
import type { Command } from 'commander';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  type SearchAttributePair,
} from '@temporalio/common';
import type { Client, Workflow, WorkflowHandle } from '@temporalio/client';
import type { DayManifest } from '../contracts/ingest';
import { loadConfig, type Config } from '../config/config';
import type { Day } from '../domain/days';
import { SOURCE_FORMS } from '../domain/locations';
import { parseLanguages } from '../domain/languages';
import { workflowIds, workflowLink } from '../contracts/workflow-ids';
import { backfill } from '../workflows/backfill';
import { backfillProgressQuery, type DayOutcome } from '../contracts/ingest';
import { ingestDay } from '../workflows/ingest-day';
import { dayAttributes } from '../contracts/search-attributes';
import { ensureSearchAttributes } from '../application/search-attributes';
import { followWorkflow } from './follow';
import { dayProgress, type Snapshot } from './progress';
import { dayArgument, dayRange, languagesArgument, positiveInt, sourceArgument } from './arguments';
import { connectClient } from './temporal-client';

export interface IngestOptions {
  source: string;
  from: Day;
  to?: Day;
  lang: string;
  force?: boolean;
  wait?: boolean;
  dayParallelism: number;
}

const number = (n: number): string => n.toLocaleString('en-US');

export function manifestTable(manifests: DayManifest[]): string {
  const table = new Table({
    head: [
      'day',
      'complete',
      'lines',
      'kept',
      'filtered out',
      'notices',
      'malformed',
      'indexed',
      'deletes applied',
      'failed members',
      'JSON MB',
      'seconds',
    ],
    style: { head: [], border: [] },
  });
  for (const m of manifests) {
    const t = m.totals;
    table.push([
      m.day,
      m.complete ? 'yes' : 'no',
      number(t.lines),
      number(t.kept),
      number(t.filtered_out),
      number(t.notices),
      number(t.malformed),
      number(t.indexed),
      number(t.deletes_applied),
      t.members_failed,
      (t.bytes_json / 1e6).toFixed(1),
      m.seconds.toFixed(1),
    ]);
  }
  return table.toString();
}

/**
 * Starts the workflow, or finds the run that holds its id: a running one is followed, a
 * completed one is reported (re-running needs --force).
 */
async function startOrFind<T extends Workflow>(
  client: Client,
  config: Config,
  workflow: T,
  workflowId: string,
  args: Parameters<T>,
  force: boolean,
  searchAttributes: SearchAttributePair[],
): Promise<{ handle: WorkflowHandle<T>; status: 'started' | 'running' | 'done' }> {
  try {
    await ensureSearchAttributes(client.connection, config.temporal.namespace);
    const handle = await client.workflow.start(workflow, {
      taskQueue: config.temporal.taskQueue,
      workflowId,
      args,
      typedSearchAttributes: searchAttributes,
      workflowIdReusePolicy: force
        ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
        : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    } as never);
    return { handle: handle as WorkflowHandle<T>, status: 'started' };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const handle = client.workflow.getHandle<T>(workflowId);
    const { status } = await handle.describe();
    return { handle, status: status.name === 'RUNNING' ? 'running' : 'done' };
  }
}

async function ingestOneDay(client: Client, config: Config, day: Day, options: IngestOptions): Promise<void> {
  const id = workflowIds.ingestDay(day);
  const { handle, status } = await startOrFind(
    client,
    config,
    ingestDay,
    id,
    [{ day, source: options.source, languages: parseLanguages(options.lang) }],
    options.force ?? false,
    dayAttributes([day], options.source),
  );
  if (status === 'done') {
    console.log(`${day} is already ingested (${id}); --force re-runs it.`);
    if (options.wait) console.log(manifestTable([await handle.result()]));
    return;
  }
  console.log(
    `${status === 'started' ? 'started' : 'following the running'} ${id}: ${workflowLink(config.temporal, id)}`,
  );
  if (!options.wait) return;
  const manifest = await followWorkflow<DayManifest>(
    handle,
    { client, config },
    {
      progress: async (): Promise<Snapshot> => {
        const p = await dayProgress(handle);
        return {
          daysDone: p.phase === 'done' ? 1 : 0,
          daysTotal: 1,
          groupsDone: p.groupsDone,
          groupsTotal: p.groupsTotal,
          lines: p.lines + p.linesInFlight,
          kept: p.kept,
        };
      },
    },
  );
  console.log(manifestTable([manifest]));
}

export async function ingestRange(client: Client, config: Config, days: Day[], options: IngestOptions): Promise<void> {
  const id = workflowIds.backfill(days[0]!, days[days.length - 1]!);
  const input = {
    days,
    source: options.source,
    languages: parseLanguages(options.lang),
    force: options.force,
    dayParallelism: options.dayParallelism,
  };
  // A backfill may always run again: its days decide for themselves whether to re-run.
  const { handle, status } = await startOrFind(
    client,
    config,
    backfill,
    id,
    [input],
    true,
    dayAttributes(days, options.source),
  );
  console.log(
    `${status === 'started' ? 'started' : 'following the running'} ${id} (${days.length} days): ${workflowLink(config.temporal, id)}`,
  );
  if (!options.wait) return;
  let runningDays: Day[] = [];
  const progress = async (): Promise<Snapshot> => {
    const progress = await handle.query(backfillProgressQuery);
    runningDays = progress.running;
    const running = await Promise.all(
      progress.running.map((day) =>
        dayProgress(client.workflow.getHandle(workflowIds.ingestDay(day))).catch(() => undefined),
      ),
    );
    const done = progress.outcomes.filter((o) => o.status === 'ingested').length;
    return {
      daysDone: progress.outcomes.length,
      daysTotal: progress.daysTotal,
      groupsDone: done * 24 + running.reduce((sum, p) => sum + (p?.groupsDone ?? 0), 0),
      groupsTotal: (progress.daysTotal - progress.outcomes.length + done) * 24,
      lines: running.reduce((sum, p) => sum + (p ? p.lines + p.linesInFlight : 0), 0),
      kept:
        progress.outcomes.reduce((sum, o) => sum + (o.status === 'ingested' ? o.kept : 0), 0) +
        running.reduce((sum, p) => sum + (p?.kept ?? 0), 0),
    };
  };
  const outcomes = await followWorkflow<DayOutcome[]>(
    handle,
    { client, config },
    {
      progress,
      watched: () => [handle, ...runningDays.map((day) => client.workflow.getHandle(workflowIds.ingestDay(day)))],
    },
  );
  const manifests: DayManifest[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'ingested')
      manifests.push(await client.workflow.getHandle<typeof ingestDay>(workflowIds.ingestDay(outcome.day)).result());
    else if (outcome.status === 'skipped') console.log(`${outcome.day}: skipped, ${outcome.reason}`);
  }
  if (manifests.length > 0) console.log(manifestTable(manifests));
  const failed = outcomes.filter((o) => o.status === 'failed');
  for (const outcome of failed)
    if (outcome.status === 'failed') console.error(`ingest of ${outcome.day} failed: ${outcome.error}`);
  if (failed.length > 0) process.exitCode = 1;
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('ingest archived days of the Twitter sample stream: one workflow per day, run by the workers')
    .requiredOption('--source <uri>', `where the daily archives are: ${SOURCE_FORMS}`, sourceArgument)
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD', dayArgument)
    .option('--to <date>', 'last day (default: --from)', dayArgument)
    .option('--lang <codes>', 'languages of the statuses to keep, e.g. en,es; "*" keeps all', languagesArgument, 'en')
    .option('--force', 're-run days that were already ingested')
    .option('--wait', 'wait until done, with a progress bar; exit 1 naming any day that failed')
    .option('--day-parallelism <n>', 'days ingested at once in a range', positiveInt, 2)
    .action(async (options: IngestOptions) => {
      const config = loadConfig();
      const days = dayRange(options.from, options.to);
      const { client, close } = await connectClient(config);
      try {
        if (days.length === 1) await ingestOneDay(client, config, days[0]!, options);
        else await ingestRange(client, config, days, options);
      } finally {
        await close();
      }
    });
}
