import { addCounts, emptyCounts, type IngestCounts } from './ingest-counts';
import type { FailedMember } from './ingest-manifests';

/** Why a member counts as failed: it did not decode to its end, or the archive ends inside it. */
function failureOf(truncated: boolean, failure: string | undefined): string {
  if (!truncated) return failure!;
  return failure === undefined
    ? 'the archive ends inside this member'
    : `the archive ends inside this member (${failure})`;
}

/** One hour group of an archive, member by member as they come back sorted: what they counted, which failed, their delete notices. */
export class GroupTally {
  readonly counts = emptyCounts();
  readonly failedMembers: FailedMember[] = [];
  readonly deletedIds: string[] = [];

  add(
    member: { name: string; truncated?: boolean },
    sorted: { counts: IngestCounts; deletedIds: string[]; failure?: string },
    bytesIn: number,
  ): void {
    this.counts.bytes_in += bytesIn;
    addCounts(this.counts, sorted.counts);
    this.counts.members++;
    this.deletedIds.push(...sorted.deletedIds);
    if (sorted.failure !== undefined || member.truncated)
      this.failedMembers.push({ name: member.name, reason: failureOf(member.truncated === true, sorted.failure) });
    this.counts.members_failed = this.failedMembers.length;
  }
}
