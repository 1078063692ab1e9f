import { once } from 'node:events';
import { Transform, type Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { Context, log } from '@temporalio/activity';
import type { ArchiveIndex, ArchiveMember } from '../adapters/archives/archive-index';
import { openMemberReader } from '../adapters/archives/member-reader';
import type { SortedMember } from '../adapters/archives/member-thread';
import { groupOfHour } from '../domain/archive-layout';
import { BuzzError } from '../domain/errors';
import { addCounts, emptyCounts } from '../domain/ingest-counts';
import { storeKeys } from '../domain/store-keys';
import type { ActivityDeps } from './deps';
import { readJson, writeJson } from './store-io';
import type { FailedMember, GroupInput, GroupManifest } from '../contracts/ingest';

/** Why a member counts as failed: it did not decode to its end, or the archive ends inside it. */
function failureOf(member: ArchiveMember, failure: string | undefined): string {
  if (!member.truncated) return failure!;
  return failure === undefined
    ? 'the archive ends inside this member'
    : `the archive ends inside this member (${failure})`;
}

function counted(stream: Readable, add: (bytes: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      add(chunk.length);
      done(null, chunk);
    },
  });
  stream.on('error', (error) => counter.destroy(error));
  return stream.pipe(counter);
}

/** Writes text to a stream, waiting when its buffer is full. */
async function writeAll(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text.length > 0 && !stream.write(text)) await once(stream, 'drain');
}

/**
 * Reads one hour of members from the archive; the member pool's threads decompress them,
 * classify every line and keep the statuses that pass the language filter as tweet documents
 * (domain/member-lines.ts). Writes those to the store as gzip NDJSON with the group's delete
 * notices and manifest. A retry redoes the whole group and overwrites the same keys, so nothing
 * is counted twice.
 */
export function preprocessGroupActivity(deps: ActivityDeps) {
  return async (input: GroupInput): Promise<GroupManifest> => {
    const started = Date.now();
    const { day, group, source, languages } = input;
    const index = await readJson<ArchiveIndex>(deps.store, storeKeys.archiveIndex(day));
    const members = index.members.filter((member) => groupOfHour(member.hour) === group);
    const file = await deps.openSource(source).locate(day);
    if (!file) throw new BuzzError('archive_missing', `no archive for ${day} at ${source}`);
    if (file.size !== index.size) {
      throw new BuzzError(
        'archive_changed',
        `${file.uri} changed since the day was planned (${index.size} → ${file.size} bytes): ingest the day again with --force`,
      );
    }

    const counts = emptyCounts();
    const failedMembers: FailedMember[] = [];
    const deletedIds: string[] = [];
    const gzip = zlib.createGzip({ level: 3 });
    const tweetsWritten = deps.store.put(
      storeKeys.tweets(day, group),
      counted(gzip, (bytes) => (counts.bytes_out += bytes)),
    );
    const reader = await openMemberReader(file, index.container);
    // Members are read here in order and sorted on the pool's threads, a few ahead; their
    // results are taken in order, so the group's file is the same on every run.
    const ahead: { member: ArchiveMember; sorted: Promise<SortedMember> }[] = [];
    const take = async (): Promise<void> => {
      const { member, sorted } = ahead.shift()!;
      const result = await sorted;
      addCounts(counts, result.counts);
      counts.members++;
      deletedIds.push(...result.deletedIds);
      if (result.failure !== undefined || member.truncated)
        failedMembers.push({ name: member.name, reason: failureOf(member, result.failure) });
      if (result.kept.length > 0) await writeAll(gzip, result.kept);
    };
    try {
      for (const [position, member] of members.entries()) {
        Context.current().cancellationSignal.throwIfAborted();
        Context.current().heartbeat({
          member: position,
          members: members.length,
          lines: counts.lines,
          kept: counts.kept,
        });
        const bytes = await buffer(await reader.open(member));
        counts.bytes_in += bytes.length;
        const sorted = deps.memberPool.sort({
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          compression: member.compression,
          decoder: deps.decoder,
          languages,
          truncated: member.truncated,
        });
        // Awaited in take(); a failure meanwhile is not left unhandled.
        sorted.catch(() => undefined);
        ahead.push({ member, sorted });
        if (ahead.length >= deps.memberPool.threads * 2) await take();
      }
      while (ahead.length > 0) await take();
      gzip.end();
      await tweetsWritten;
    } catch (error) {
      gzip.destroy(error as Error);
      await tweetsWritten.catch(() => undefined);
      throw error;
    } finally {
      reader.close();
    }
    counts.members_failed = failedMembers.length;
    await deps.store.put(storeKeys.deletedIds(day, group), zlib.gzipSync(deletedIds.join('\n')));
    const manifest: GroupManifest = {
      day,
      group,
      archive: file.uri,
      counts,
      failedMembers,
      deleteNotices: deletedIds.length,
      seconds: (Date.now() - started) / 1000,
      worker: deps.workerIdentity,
    };
    await writeJson(deps.store, storeKeys.groupManifest(day, group), manifest);
    deps.metrics.groupPreprocessed(counts, manifest.seconds);
    log.info('hour group preprocessed', {
      day,
      group,
      lines: counts.lines,
      kept: counts.kept,
      membersFailed: counts.members_failed,
      seconds: manifest.seconds,
    });
    return manifest;
  };
}
