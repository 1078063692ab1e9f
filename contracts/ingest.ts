import { defineQuery } from '@temporalio/workflow';
import type { Container, SkippedEntry } from '../domain/archive-layout';
import type { Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';
import type { GroupManifest, IndexResult } from '../domain/ingest-manifests';

/*
 * What the ingest workflows (ingest a day, backfill, the daily run, reindex) and their
 * activities pass to each other, and what the CLI reads of them: inputs, results, progress queries.
 */

export interface DayPlan {
  day: Day;
  archive: string;
  container: Container;
  archiveBytes: number;
  groups: { group: string; members: number; bytes: number }[];
  hoursMissing: string[];
  skipped: SkippedEntry[];
  damage?: string;
}

export interface GroupInput {
  day: Day;
  group: string;
  source: string;
  languages: LanguageFilter;
}

export interface DeletesResult {
  /** Delete notices in the day's archive. */
  notices: number;
  /** Notices of this day whose tweet we held (in any day's data) and removed. */
  deletesApplied: number;
  /** Days (UTC) whose tweets this run removed: their buzz must be recomputed. */
  affectedDays: Day[];
}

export interface GroupResult {
  manifest: GroupManifest;
  index: IndexResult;
}

export interface RecordInput {
  plan: DayPlan;
  source: string;
  groups: GroupResult[];
  deletes: DeletesResult;
  seconds: number;
  completedAt: string;
}

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

export type DayOutcome =
  | { day: Day; status: 'ingested'; kept: number; indexed: number; complete: boolean }
  | { day: Day; status: 'skipped'; reason: string }
  | { day: Day; status: 'failed'; error: string };

export interface BackfillInput {
  days: Day[];
  source: string;
  languages: LanguageFilter;
  /** Re-run days that were already ingested (default: they are skipped). */
  force?: boolean;
  /** Days in flight at once (default 2). */
  dayParallelism?: number;
}

export interface BackfillProgress {
  daysTotal: number;
  running: Day[];
  outcomes: DayOutcome[];
}

export const backfillProgressQuery = defineQuery<BackfillProgress>('backfillProgress');

export interface DailyRunInput {
  source: string;
  languages: LanguageFilter;
  /** Days between a run and the day it ingests: archives are published some time after the day ends. */
  lagDays: number;
}

export type DailyRunResult = (
  | { day: Day; status: 'ingested'; kept: number; complete: boolean }
  | { day: Day; status: 'already_ingested' }
  | { day: Day; status: 'failed'; error: string }
) & {
  /** The pageviews fetched up to the day before the run (absent on runs started before they existed). */
  pageviews?:
    | { through: Day; requests: number; fetched: number; notFound: string[]; failed: number; notified: string[] }
    | { through: Day; error: string };
};

export interface ReindexInput {
  days: Day[];
  groupParallelism?: number;
}

export type ReindexOutcome = { day: Day; status: 'reindexed'; indexed: number } | { day: Day; status: 'not_in_store' };

export const reindexProgressQuery = defineQuery<ReindexOutcome[]>('reindexProgress');
