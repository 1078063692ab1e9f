import type { Container, SkippedEntry } from './archive-layout';
import type { BadReason, IgnoredKind } from './bluesky';
import type { Day } from './days';
import { sumCounts, type IngestCounts } from './ingest-counts';
import { sampleCheck, type SampleCheck } from './sample-check';

/*
 * The records ingestion keeps: stored documents (in the store as JSON, and summed up in the
 * buzz-ingest index), hence snake_case throughout.
 */

export interface FailedMember {
  name: string;
  reason: string;
}

/** What indexing a group wrote. */
export interface IndexResult {
  indexed: number;
}

/** What one group's preprocessing saw and wrote; also kept in the store as its manifest. */
export interface GroupManifest {
  day: Day;
  group: string;
  archive: string;
  counts: IngestCounts;
  failed_members: FailedMember[];
  delete_notices: number;
  seconds: number;
  worker: string;
}

export interface DayTotals extends IngestCounts {
  indexed: number;
  delete_notices: number;
  deletes_applied: number;
}

/** The record of one ingested day: per group and in total, in the store and in Elasticsearch. */
export interface DayManifest {
  day: Day;
  source: string;
  archive: string;
  container: Container;
  /** Every hour present and every member read whole. */
  complete: boolean;
  hours_missing: string[];
  skipped: SkippedEntry[];
  damage?: string;
  failed_members: FailedMember[];
  groups: Record<string, GroupManifest & { index: IndexResult }>;
  totals: DayTotals;
  /** Whether the day is the public 1% sample (domain/sample-check.ts). */
  sample_check: SampleCheck;
  seconds: number;
  completed_at: string;
}

/** What sealing an hour of the live capture found: every frame counted once, as exactly one of these. */
export interface LiveHourManifest {
  source: 'bluesky';
  day: Day;
  hour: string;
  complete: boolean;
  /** Distinct frames (a resumed capture's overlap is received twice, and counted once). */
  frames: number;
  duplicates: number;
  posts: number;
  /** Posts in the language filter, indexed (less those deleted). */
  posts_kept: number;
  /** Posts outside the language filter. */
  filtered_out: number;
  posts_empty_text: number;
  reposts: number;
  /** Reposts of a post the index holds, indexed like retweets. */
  reposts_kept: number;
  /** Reposts of a post neither the hour nor the index holds (older than the capture, outside the language filter, deleted), or reposted after its delete. */
  reposts_unresolved: number;
  post_deletes: number;
  repost_deletes: number;
  /** Deletes that removed a document (a post or repost, of this hour or an earlier one). */
  deletes_applied: number;
  ignored_by_kind: Record<IgnoredKind, number>;
  bad_by_reason: Record<BadReason, number>;
  /** Documents indexed: posts_kept + reposts_kept. */
  kept: number;
  /** Earlier UTC days whose posts this hour's deletes removed: their shows recompute. */
  affected_days: Day[];
  seconds: number;
}

/** A buzz-ingest document and its id (business keys: the day, and the hour group or live hour). */
export interface IngestRecord {
  id: string;
  doc: Record<string, unknown>;
}

/** What a day's ingestion is made of: its plan's findings, each group's manifest and indexing, its deletes. */
export interface DayParts {
  day: Day;
  source: string;
  archive: string;
  container: Container;
  hoursMissing: string[];
  skipped: SkippedEntry[];
  damage?: string;
  groups: { manifest: GroupManifest; index: IndexResult }[];
  deletes: { notices: number; deletesApplied: number };
  seconds: number;
  completedAt: string;
}

/** The day's manifest: per group and in total; complete when every hour is there and every member was read whole. */
export function dayManifest(parts: DayParts): DayManifest {
  const { groups } = parts;
  const failedMembers = groups.flatMap((g) => g.manifest.failed_members);
  const counts = sumCounts(groups.map((g) => g.manifest.counts));
  return {
    day: parts.day,
    source: parts.source,
    archive: parts.archive,
    container: parts.container,
    complete: parts.hoursMissing.length === 0 && failedMembers.length === 0 && !parts.damage,
    hours_missing: parts.hoursMissing,
    skipped: parts.skipped,
    damage: parts.damage,
    failed_members: failedMembers,
    groups: Object.fromEntries(groups.map((g) => [g.manifest.group, { ...g.manifest, index: g.index }])),
    totals: {
      ...counts,
      indexed: groups.reduce((sum, g) => sum + g.index.indexed, 0),
      delete_notices: parts.deletes.notices,
      deletes_applied: parts.deletes.deletesApplied,
    },
    sample_check: sampleCheck(counts),
    seconds: parts.seconds,
    completed_at: parts.completedAt,
  };
}

/** The buzz-ingest records of an ingested day: one per hour group (ids `<day>T<group>`) and the day's (id `<day>`). */
export function dayRecords(manifest: DayManifest): IngestRecord[] {
  const base = { day: manifest.day, source: manifest.source, archive: manifest.archive };
  return [
    ...Object.values(manifest.groups).map(({ index, ...group }) => ({
      id: `${manifest.day}T${group.group}`,
      doc: {
        kind: 'group',
        ...base,
        group: group.group,
        complete: group.failed_members.length === 0,
        seconds: group.seconds,
        indexed: index.indexed,
        ...group.counts,
      },
    })),
    {
      id: manifest.day,
      doc: {
        kind: 'day',
        ...base,
        complete: manifest.complete,
        hours_missing: manifest.hours_missing,
        sample_verdict: manifest.sample_check.verdict,
        sample_share: manifest.sample_check.share,
        seconds: manifest.seconds,
        completed_at: manifest.completed_at,
        ...manifest.totals,
      },
    },
  ];
}

/** The buzz-ingest record of a sealed live hour (id `bluesky:<day>T<hour>`), in the archive groups' terms. */
export function liveHourRecord(manifest: LiveHourManifest, completedAt: string): IngestRecord {
  return {
    id: `bluesky:${manifest.day}T${manifest.hour}`,
    doc: {
      kind: 'group',
      source: 'bluesky',
      day: manifest.day,
      group: manifest.hour,
      complete: manifest.complete,
      lines: manifest.frames,
      statuses: manifest.posts + manifest.reposts,
      kept: manifest.kept,
      filtered_out: manifest.filtered_out,
      notices: manifest.post_deletes + manifest.repost_deletes,
      malformed: Object.values(manifest.bad_by_reason).reduce((sum, n) => sum + n, 0),
      indexed: manifest.kept,
      deletes_applied: manifest.deletes_applied,
      seconds: manifest.seconds,
      completed_at: completedAt,
    },
  };
}

/**
 * Manifests written before the stored documents took snake_case throughout (and group manifests
 * handed over by a worker of that version) named a few fields in camelCase; read either way.
 */
type Legacy<T, Names extends Record<string, keyof T>> = T & { [K in keyof Names]?: T[Names[K]] };

export function groupManifestOf(
  stored: Legacy<GroupManifest, { failedMembers: 'failed_members'; deleteNotices: 'delete_notices' }>,
): GroupManifest {
  const { failedMembers, deleteNotices, ...manifest } = stored;
  return {
    ...manifest,
    failed_members: manifest.failed_members ?? failedMembers ?? [],
    delete_notices: manifest.delete_notices ?? deleteNotices ?? 0,
  };
}

export function dayManifestOf(
  stored: Legacy<
    DayManifest,
    { hoursMissing: 'hours_missing'; failedMembers: 'failed_members'; completedAt: 'completed_at' }
  >,
): DayManifest {
  const { hoursMissing, failedMembers, completedAt, ...manifest } = stored;
  return {
    ...manifest,
    hours_missing: manifest.hours_missing ?? hoursMissing ?? [],
    failed_members: manifest.failed_members ?? failedMembers ?? [],
    completed_at: manifest.completed_at ?? completedAt ?? '',
    // Days ingested before the sample check have no counts to tell: `unknown` until ingested again.
    sample_check: manifest.sample_check ?? sampleCheck(manifest.totals),
  };
}
