import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { text } from 'node:stream/consumers';
import zlib from 'node:zlib';
import type { Day } from '../../domain/days';
import { dayManifestOf, groupManifestOf, type DayManifest, type GroupManifest } from '../../domain/ingest-manifests';
import { storeKeys } from '../../domain/store-keys';
import type { ObjectStore } from '../object-store';
import type { ArchiveIndex } from '../archives/archive-index';

async function readJson<T>(store: ObjectStore, key: string): Promise<T> {
  return JSON.parse(await text(await store.get(key))) as T;
}

async function writeJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, JSON.stringify(value, null, 1));
}

/**
 * What ingesting an archived day keeps in the store (keys in domain/store-keys.ts): the archive's
 * member list, each hour group's preprocessed tweets, delete notices and manifest, the day's
 * manifest. Enough to reindex the day without the archive.
 */
export function dayStore(store: ObjectStore) {
  return {
    archiveIndex: (day: Day) => readJson<ArchiveIndex>(store, storeKeys.archiveIndex(day)),
    putArchiveIndex: (day: Day, index: ArchiveIndex) => writeJson(store, storeKeys.archiveIndex(day), index),

    /** Writes a group's tweets as they come (gzip NDJSON); close() gives the bytes stored, abort() stores nothing. */
    groupTweetsWriter(day: Day, group: string) {
      const gzip = zlib.createGzip({ level: 3 });
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      gzip.on('error', (error) => counter.destroy(error));
      const stored = store.put(storeKeys.tweets(day, group), gzip.pipe(counter));
      return {
        /** Waits when the buffer is full. */
        async write(text: string): Promise<void> {
          if (text.length > 0 && !gzip.write(text)) await once(gzip, 'drain');
        },
        async close(): Promise<number> {
          gzip.end();
          await stored;
          return bytes;
        },
        async abort(error: Error): Promise<void> {
          gzip.destroy(error);
          await stored.catch(() => undefined);
        },
      };
    },

    /** A group's tweet documents as stored: serialized, one a line. */
    async *groupTweetLines(day: Day, group: string): AsyncGenerator<string> {
      const input = (await store.get(storeKeys.tweets(day, group))).pipe(zlib.createGunzip());
      for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line.length > 0) yield line;
    },

    putDeletedIds: (day: Day, group: string, ids: string[]) =>
      store.put(storeKeys.deletedIds(day, group), zlib.gzipSync(ids.join('\n'))),

    async deletedIds(day: Day, group: string): Promise<string[]> {
      const content = await text((await store.get(storeKeys.deletedIds(day, group))).pipe(zlib.createGunzip()));
      return content.split('\n').filter((id) => id.length > 0);
    },

    putGroupManifest: (manifest: GroupManifest) =>
      writeJson(store, storeKeys.groupManifest(manifest.day, manifest.group), manifest),
    groupManifest: async (day: Day, group: string) =>
      groupManifestOf(await readJson(store, storeKeys.groupManifest(day, group))),

    putDayManifest: (manifest: DayManifest) => writeJson(store, storeKeys.dayManifest(manifest.day), manifest),
    dayManifest: async (day: Day) => dayManifestOf(await readJson(store, storeKeys.dayManifest(day))),
  };
}

export type DayStore = ReturnType<typeof dayStore>;
