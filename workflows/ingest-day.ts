import { defineQuery, setHandler } from '@temporalio/workflow';
import type { DayManifest, GroupResult } from '../activities/record-manifest';
import type { Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';
import { groupWork, indexing, quick } from './activity-options';
import { runLimited } from './limit';
import { publishDay } from './publish-day';

export interface IngestDayInput {
  day: Day;
  source: string;
  languages: LanguageFilter;
  /** Hour groups in flight at once (default 8); each takes one activity slot of some worker. */
  groupParallelism?: number;
}

export interface IngestProgress {
  day: Day;
  phase: 'planning' | 'ingesting' | 'deletes' | 'recording' | 'done';
  groupsTotal: number;
  groupsDone: number;
  lines: number;
  kept: number;
  indexed: number;
}

export const ingestProgressQuery = defineQuery<IngestProgress>('ingestProgress');

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
