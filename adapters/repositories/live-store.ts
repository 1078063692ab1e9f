import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import type { Day } from '../../domain/days';
import type { LiveHourManifest } from '../../domain/ingest-manifests';
import { liveKeys } from '../../domain/live-keys';
import type { TweetDoc } from '../../domain/tweet';
import type { ObjectStore } from '../object-store';

function* ndjson(docs: TweetDoc[]): Generator<string> {
  for (const doc of docs) yield `${JSON.stringify(doc)}\n`;
}

/**
 * What the live capture keeps in the store (keys in domain/live-keys.ts): the raw frames of each
 * hour in parts, and once an hour is sealed, its tweet documents and manifest. The raw frames stay,
 * so an hour can be sealed again without the network.
 */
export function liveStore(store: ObjectStore) {
  return {
    /** Stores received frames of one hour, from `firstUs` to `lastUs` (a re-captured range overwrites itself). */
    putPart: (day: Day, hour: string, firstUs: number, lastUs: number, frames: string[]) =>
      store.put(liveKeys.part(day, hour, firstUs, lastUs), gzipSync(`${frames.join('\n')}\n`)),

    /**
     * The hour's frames in stored order, one part in memory at a time: an hour of the whole network
     * is a few hundred MB of JSON, more than a worker's heap (infra/k8s: 256 MB).
     */
    async *hourFrames(day: Day, hour: string): AsyncGenerator<string> {
      for (const key of await store.list(liveKeys.hourPrefix(day, hour))) {
        const lines = gunzipSync(await buffer(await store.get(key)))
          .toString('utf8')
          .split('\n');
        for (const line of lines) if (line.length > 0) yield line;
      }
    },

    /** Streamed: the hour's documents as one string would double their memory. */
    putTweets: (day: Day, hour: string, docs: TweetDoc[]) =>
      store.put(liveKeys.tweets(day, hour), Readable.from(ndjson(docs)).pipe(createGzip({ level: 3 }))),

    putManifest: (manifest: LiveHourManifest) =>
      store.put(liveKeys.manifest(manifest.day, manifest.hour), JSON.stringify(manifest, null, 1)),
  };
}

export type LiveStore = ReturnType<typeof liveStore>;
