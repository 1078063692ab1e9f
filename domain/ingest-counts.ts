import { noMalformed, noNotices, type MalformedReason, type NoticeKind } from './stream-lines';

/**
 * What ingestion saw, per group and per day. Every line is counted once:
 * lines = kept + filtered_out + notices + malformed, and statuses = kept + filtered_out.
 */
export interface IngestCounts {
  lines: number;
  statuses: number;
  kept: number;
  filtered_out: number;
  notices: number;
  notices_by_kind: Record<NoticeKind, number>;
  malformed: number;
  malformed_by_reason: Record<MalformedReason, number>;
  members: number;
  members_failed: number;
  /** Compressed bytes read from the archive. */
  bytes_in: number;
  /** Decompressed JSON bytes. */
  bytes_json: number;
  /** Bytes of the preprocessed gzip NDJSON written to the store. */
  bytes_out: number;
  /** Kept statuses whose id is a snowflake, and of those, how many follow the 1% sample's rule (domain/sample-check.ts). */
  sample_checked: number;
  sample_in_window: number;
}

export function emptyCounts(): IngestCounts {
  return {
    lines: 0,
    statuses: 0,
    kept: 0,
    filtered_out: 0,
    notices: 0,
    notices_by_kind: noNotices(),
    malformed: 0,
    malformed_by_reason: noMalformed(),
    members: 0,
    members_failed: 0,
    bytes_in: 0,
    bytes_json: 0,
    bytes_out: 0,
    sample_checked: 0,
    sample_in_window: 0,
  };
}

function addRecords<K extends string>(into: Record<K, number>, from: Record<K, number>): void {
  for (const key of Object.keys(from) as K[]) into[key] = (into[key] ?? 0) + from[key];
}

export function addCounts(into: IngestCounts, from: IngestCounts): IngestCounts {
  for (const key of Object.keys(from) as (keyof IngestCounts)[]) {
    const value = from[key];
    if (typeof value === 'number') (into[key] as number) += value;
  }
  addRecords(into.notices_by_kind, from.notices_by_kind);
  addRecords(into.malformed_by_reason, from.malformed_by_reason);
  return into;
}

export function sumCounts(all: IngestCounts[]): IngestCounts {
  return all.reduce((total, counts) => addCounts(total, counts), emptyCounts());
}

/** The accounting identities; a non-empty result names what does not add up. */
export function countsProblems(c: IngestCounts): string[] {
  const problems: string[] = [];
  if (c.lines !== c.kept + c.filtered_out + c.notices + c.malformed) {
    problems.push(
      `lines ${c.lines} != kept ${c.kept} + filtered_out ${c.filtered_out} + notices ${c.notices} + malformed ${c.malformed}`,
    );
  }
  if (c.statuses !== c.kept + c.filtered_out) problems.push(`statuses ${c.statuses} != kept + filtered_out`);
  const noticeSum = Object.values(c.notices_by_kind).reduce((a, b) => a + b, 0);
  if (noticeSum !== c.notices) problems.push(`notices ${c.notices} != sum of notices_by_kind ${noticeSum}`);
  const malformedSum = Object.values(c.malformed_by_reason).reduce((a, b) => a + b, 0);
  if (malformedSum !== c.malformed)
    problems.push(`malformed ${c.malformed} != sum of malformed_by_reason ${malformedSum}`);
  return problems;
}
