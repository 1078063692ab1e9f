import type { Client } from '@temporalio/client';
import { backfillProgress, dayHandle, dayProgress, ingestedDay, startBackfill, startIngestDay } from '../client/ingest';
import type { DayOutcome } from '../contracts/ingest';
import type { DayManifest } from '../domain/ingest-manifests';
import { workflowIds, workflowLink } from '../contracts/workflow-ids';
import type { Config } from '../config/config';
import type { Day } from '../domain/days';
import { parseLanguages } from '../domain/languages';
import { followWorkflow } from './follow';
import { manifestTable } from './tables';
import type { Snapshot } from './progress';

/** What to ingest and how (the `ingest` command's options). */
export interface IngestOptions {
  source: string;
  from: Day;
  to?: Day;
  lang: string;
  force?: boolean;
  wait?: boolean;
  dayParallelism: number;
}

/** Ingests one day, or follows the run already ingesting it; prints its manifest when waited for. */
export async function ingestOneDay(client: Client, config: Config, day: Day, options: IngestOptions): Promise<void> {
  const id = workflowIds.ingestDay(day);
  const { handle, status } = await startIngestDay(client, config.temporal, day, {
    source: options.source,
    languages: parseLanguages(options.lang),
    force: options.force,
  });
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

/** Ingests a range of days as a backfill; waited for, prints their manifests and fails naming any day that failed. */
export async function ingestRange(client: Client, config: Config, days: Day[], options: IngestOptions): Promise<void> {
  const { handle, status } = await startBackfill(client, config.temporal, {
    days,
    source: options.source,
    languages: parseLanguages(options.lang),
    force: options.force,
    dayParallelism: options.dayParallelism,
  });
  const id = handle.workflowId;
  console.log(
    `${status === 'started' ? 'started' : 'following the running'} ${id} (${days.length} days): ${workflowLink(config.temporal, id)}`,
  );
  if (!options.wait) return;
  let runningDays: Day[] = [];
  const progress = async (): Promise<Snapshot> => {
    const progress = await backfillProgress(client, handle);
    runningDays = progress.running;
    const running = progress.runningProgress;
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
    { progress, watched: () => [handle, ...runningDays.map((day) => dayHandle(client, day))] },
  );
  const manifests: DayManifest[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'ingested') manifests.push(await ingestedDay(client, outcome.day));
    else if (outcome.status === 'skipped') console.log(`${outcome.day}: skipped, ${outcome.reason}`);
  }
  if (manifests.length > 0) console.log(manifestTable(manifests));
  const failed = outcomes.filter((o) => o.status === 'failed');
  for (const outcome of failed)
    if (outcome.status === 'failed') console.error(`ingest of ${outcome.day} failed: ${outcome.error}`);
  if (failed.length > 0) process.exitCode = 1;
}
