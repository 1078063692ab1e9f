import { once } from 'node:events';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Context, log } from '@temporalio/activity';
import type { ArchiveIndex } from '../adapters/archives/archive-index';
import { MemberDecodeError, decompress } from '../adapters/archives/decompress';
import { forEachLine } from '../adapters/archives/lines';
import { openMemberReader } from '../adapters/archives/member-reader';
import { groupOfHour } from '../domain/archive-layout';
import type { Day } from '../domain/days';
import { BuzzError, describeError } from '../domain/errors';
import { emptyCounts, type IngestCounts } from '../domain/ingest-counts';
import { keepsLanguage, type LanguageFilter } from '../domain/languages';
import { storeKeys } from '../domain/store-keys';
import { classifyLine } from '../domain/stream-lines';
import { toTweetDoc } from '../domain/tweet';
import type { ActivityDeps } from './deps';
import { readJson, writeJson } from './store-io';

export interface GroupInput {
  day: Day;
  group: string;
  source: string;
  languages: LanguageFilter;
}

export interface FailedMember {
  name: string;
  reason: string;
}

/** What one group's preprocessing saw and wrote; also kept in the store as its manifest. */
export interface GroupManifest {
  day: Day;
  group: string;
  archive: string;
  counts: IngestCounts;
  failedMembers: FailedMember[];
  deleteNotices: number;
  seconds: number;
  worker: string;
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

async function* countedChunks(chunks: AsyncIterable<Buffer>, add: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    add(chunk.length);
    yield chunk;
  }
}

/** Writes text to a stream, waiting when its buffer is full. */
async function writeAll(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text.length > 0 && !stream.write(text)) await once(stream, 'drain');
}

/**
 * Reads one hour of members from the archive: decompresses, classifies every line, keeps the
 * statuses that pass the language filter as tweet documents, and writes them to the store as
 * gzip NDJSON with the group's delete notices and manifest. A retry redoes the whole group and
 * overwrites the same keys, so nothing is counted twice.
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
    try {
      for (const [position, member] of members.entries()) {
        Context.current().cancellationSignal.throwIfAborted();
        Context.current().heartbeat({
          member: position,
          members: members.length,
          lines: counts.lines,
          kept: counts.kept,
        });
        const kept: string[] = [];
        const onLine = (line: string, complete: boolean): void => {
          counts.lines++;
          const parsed = classifyLine(line, complete);
          if (parsed.kind === 'status') {
            let doc: string;
            try {
              doc = JSON.stringify(toTweetDoc(parsed.status));
            } catch {
              counts.malformed++;
              counts.malformed_by_reason.unknown_shape++;
              return;
            }
            counts.statuses++;
            if (keepsLanguage(languages, parsed.status.lang ?? 'und')) {
              counts.kept++;
              kept.push(doc);
            } else {
              counts.filtered_out++;
            }
          } else if (parsed.kind === 'notice') {
            counts.notices++;
            counts.notices_by_kind[parsed.notice]++;
            if (parsed.deletedId) deletedIds.push(parsed.deletedId);
          } else {
            counts.malformed++;
            counts.malformed_by_reason[parsed.reason]++;
          }
        };
        try {
          const raw = counted(await reader.open(member), (bytes) => (counts.bytes_in += bytes));
          const json = countedChunks(
            decompress(raw, member.compression, deps.decoder, member.size),
            (bytes) => (counts.bytes_json += bytes),
          );
          await forEachLine(json, onLine);
          if (member.truncated)
            failedMembers.push({ name: member.name, reason: 'the archive ends inside this member' });
        } catch (error) {
          // A damaged member is counted and skipped; failing to read the archive is retried.
          if (!(error instanceof MemberDecodeError) && !member.truncated) throw error;
          failedMembers.push({
            name: member.name,
            reason: member.truncated
              ? `the archive ends inside this member (${describeError(error)})`
              : describeError(error),
          });
        }
        counts.members++;
        if (kept.length > 0) await writeAll(gzip, kept.join('\n') + '\n');
      }
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
