import { Context, log } from '@temporalio/activity';
import { sortedMembers } from '../adapters/archives/sorted-members';
import type { GroupInput } from '../contracts/ingest';
import { groupOfHour } from '../domain/archive-layout';
import { BuzzError } from '../domain/errors';
import { GroupTally } from '../domain/group-tally';
import type { GroupManifest } from '../domain/ingest-manifests';
import type { ActivityDeps } from './deps';

/**
 * Reads one hour of members from the archive; the member pool's threads decompress them,
 * classify every line and keep the statuses that pass the language filter as tweet documents
 * (domain/member-lines.ts). Writes those to the store as gzip NDJSON with the group's delete
 * notices and manifest. A retry redoes the whole group and overwrites the same keys, so nothing
 * is counted twice.
 */
export function preprocessGroupActivity(deps: ActivityDeps) {
  return async ({ day, group, source, languages }: GroupInput): Promise<GroupManifest> => {
    const started = Date.now();
    const index = await deps.dayStore.archiveIndex(day);
    const file = await deps.openSource(source).locate(day);
    if (!file) throw new BuzzError('archive_missing', `no archive for ${day} at ${source}`);
    if (file.size !== index.size)
      throw new BuzzError(
        'archive_changed',
        `${file.uri} changed since the day was planned (${index.size} → ${file.size} bytes): ingest the day again with --force`,
      );
    const members = index.members.filter((member) => groupOfHour(member.hour) === group);
    const tally = new GroupTally();
    const { counts, deletedIds } = tally;
    const tweets = deps.dayStore.groupTweetsWriter(day, group);
    const beforeMember = (position: number) => {
      Context.current().cancellationSignal.throwIfAborted();
      Context.current().heartbeat({
        member: position,
        members: members.length,
        lines: counts.lines,
        kept: counts.kept,
      });
    };
    try {
      const sorting = {
        pool: deps.memberPool,
        decoder: deps.decoder,
        languages,
        scoreSentiment: deps.scoreSentiment,
        beforeMember,
      };
      for await (const { member, sorted, bytesIn } of sortedMembers(file, index, members, sorting)) {
        tally.add(member, sorted, bytesIn);
        await tweets.write(sorted.kept);
      }
      counts.bytes_out = await tweets.close();
    } catch (error) {
      await tweets.abort(error as Error);
      throw error;
    }
    await deps.dayStore.putDeletedIds(day, group, deletedIds);
    const seconds = (Date.now() - started) / 1000;
    const manifest: GroupManifest = {
      day,
      group,
      archive: file.uri,
      counts,
      failed_members: tally.failedMembers,
      delete_notices: deletedIds.length,
      seconds,
      worker: deps.workerIdentity,
    };
    await deps.dayStore.putGroupManifest(manifest);
    deps.metrics.groupPreprocessed(counts, seconds);
    log.info('hour group preprocessed', { day, group, lines: counts.lines, kept: counts.kept, seconds });
    return manifest;
  };
}
