import { setHandler } from '@temporalio/workflow';
import type { GroupResult } from '../contracts/ingest';
import type { DayManifest } from '../domain/ingest-manifests';
import { groupWork, indexing, quick } from './activity-options';
import { runLimited } from './limit';
import { publishDay } from './publish-day';
import { ingestProgressQuery, type IngestDayInput, type IngestProgress } from '../contracts/ingest';

/**
 * Ingests one day: plan its hour groups, preprocess and index each group (in parallel, across
 * workers), then publish it (publish-day.ts: delete notices, manifest, shows told).
 */
export async function ingestDay(input: IngestDayInput): Promise<DayManifest> {
  const started = Date.now();
  const progress: IngestProgress = {
    day: input.day,
    phase: 'planning',
    groupsTotal: 0,
    groupsDone: 0,
    lines: 0,
    kept: 0,
    indexed: 0,
  };
  setHandler(ingestProgressQuery, () => progress);

  await quick.ensureIngestIndices();
  const plan = await quick.planDay({ day: input.day, source: input.source });
  progress.phase = 'ingesting';
  progress.groupsTotal = plan.groups.length;

  const groups = await runLimited(plan.groups, input.groupParallelism ?? 8, async ({ group }): Promise<GroupResult> => {
    const manifest = await groupWork.preprocessGroup({
      day: input.day,
      group,
      source: input.source,
      languages: input.languages,
    });
    progress.lines += manifest.counts.lines;
    progress.kept += manifest.counts.kept;
    const index = await indexing.indexGroup({ day: input.day, group });
    progress.indexed += index.indexed;
    progress.groupsDone++;
    return { manifest, index };
  });

  const manifest = await publishDay({
    plan,
    source: input.source,
    groups,
    started,
    onPhase: (phase) => (progress.phase = phase),
  });
  progress.phase = 'done';
  return manifest;
}
