import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGzip, gunzipSync } from 'node:zlib';
import { log } from '@temporalio/activity';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import { readAll } from '../adapters/elasticsearch-read-all';
import {
  BAD_REASONS,
  IGNORED_KINDS,
  classifyFrame,
  postToDoc,
  repostToDoc,
  type BadReason,
  type IgnoredKind,
  type JetstreamEvent,
} from '../domain/bluesky';

type RepostEvent = Extract<JetstreamEvent, { kind: 'repost' }>;
import { dayOfMs, type Day } from '../domain/days';
import { keepsLanguage } from '../domain/languages';
import { liveKeys } from '../domain/live-keys';
import type { TweetDoc } from '../domain/tweet';
import type { ActivityDeps } from './deps';
import { writeJson } from './store-io';
import type { LiveHourManifest, SealInput } from '../contracts/capture';

/**
 * A commit's identity for de-duplication; other events are the same when their frames are. A
 * frame is a slice of its whole part's text: kept as such, it would keep every part in memory.
 */
function identity(event: JetstreamEvent, frame: string): string {
  return 'uri' in event
    ? `${event.uri}|${event.kind}|${event.rev}`
    : createHash('sha256').update(frame).digest('base64');
}

/**
 * The hour's frames in stored order, one part in memory at a time: an hour of the whole network
 * is a few hundred MB of JSON, more than a worker's heap (infra/k8s: 256 MB).
 */
async function* hourFrames(deps: ActivityDeps, day: Day, hour: string): AsyncGenerator<string> {
  for (const key of await deps.store.list(liveKeys.hourPrefix(day, hour))) {
    const lines = gunzipSync(await buffer(await deps.store.get(key)))
      .toString('utf8')
      .split('\n');
    for (const line of lines) if (line.length > 0) yield line;
  }
}

function* ndjson(docs: TweetDoc[]): Generator<string> {
  for (const doc of docs) yield `${JSON.stringify(doc)}\n`;
}

/** The documents the index holds under these ids (posts, in any month). */
async function indexed(deps: ActivityDeps, ids: string[]): Promise<Map<string, { doc: TweetDoc; index: string }>> {
  const found = new Map<string, { doc: TweetDoc; index: string }>();
  for (let i = 0; i < ids.length; i += 1_000) {
    const answer = await deps.es.search<TweetDoc>({
      index: deps.indices.tweetsAlias,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 1_000,
      query: { terms: { id: ids.slice(i, i + 1_000) } },
    });
    for (const hit of answer.hits.hits) found.set(hit._id!, { doc: hit._source!, index: hit._index });
  }
  return found;
}

/** Ids among these that a delete has tombstoned (an hour sealed again must not bring them back). */
async function tombstoned(deps: ActivityDeps, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const hits = await readAll(deps.es, {
    index: deps.indices.deletes,
    _source: false,
    query: { ids: { values: ids } },
  });
  return new Set(hits.map((hit) => hit.id));
}

/**
 * Seals one hour of the live capture: reads its stored frames, drops duplicates by identity
 * (at-uri, kind, revision), counts every frame, projects the posts in the language filter and
 * the reposts of posts the index holds to tweet documents (source `bluesky`), honours deletes
 * (tombstones, as for the archive's delete notices), writes the preprocessed copy and the hour's
 * manifest, and indexes the documents. Keys and ids derive from the hour and the at-uris, so
 * sealing an hour again changes nothing.
 */
export function sealLiveHourActivity(deps: ActivityDeps) {
  return async (input: SealInput): Promise<LiveHourManifest> => {
    const started = Date.now();
    const { day, hour } = input;
    const manifest: LiveHourManifest = {
      source: 'bluesky',
      day,
      hour,
      complete: input.complete,
      frames: 0,
      duplicates: 0,
      posts: 0,
      posts_kept: 0,
      filtered_out: 0,
      posts_empty_text: 0,
      reposts: 0,
      reposts_kept: 0,
      reposts_unresolved: 0,
      post_deletes: 0,
      repost_deletes: 0,
      deletes_applied: 0,
      ignored_by_kind: Object.fromEntries(IGNORED_KINDS.map((kind) => [kind, 0])) as Record<IgnoredKind, number>,
      bad_by_reason: Object.fromEntries(BAD_REASONS.map((reason) => [reason, 0])) as Record<BadReason, number>,
      kept: 0,
      affectedDays: [],
      seconds: 0,
    };
    const seen = new Set<string>();
    /** The hour's posts in the language filter, deleted later in the hour or not. */
    const posts = new Map<string, TweetDoc>();
    /** Reposts, with whether their post was deleted before them (then they carry no text). */
    const reposts: { event: RepostEvent; subjectDeleted: boolean }[] = [];
    /** Deletes in frame order: a repost after its post's delete counts nowhere. */
    const deleted = new Set<string>();
    for await (const frame of hourFrames(deps, day, hour)) {
      const event = classifyFrame(frame);
      const id = identity(event, frame);
      if (seen.has(id)) {
        manifest.duplicates++;
        continue;
      }
      seen.add(id);
      manifest.frames++;
      switch (event.kind) {
        case 'post': {
          manifest.posts++;
          if (!event.post.text) manifest.posts_empty_text++;
          const doc = postToDoc(event);
          if (keepsLanguage(input.languages, doc.lang)) posts.set(doc.id, doc);
          else manifest.filtered_out++;
          break;
        }
        case 'repost':
          manifest.reposts++;
          reposts.push({ event, subjectDeleted: deleted.has(event.subject) });
          break;
        case 'post_delete':
        case 'repost_delete':
          if (event.kind === 'post_delete') manifest.post_deletes++;
          else manifest.repost_deletes++;
          deleted.add(event.uri);
          break;
        case 'ignored':
          manifest.ignored_by_kind[event.reason]++;
          break;
        case 'bad':
          manifest.bad_by_reason[event.reason]++;
          break;
      }
    }

    // Reposts take their post's text: from this hour, or from the index before this hour's
    // deletes apply. A repost already indexed (this hour sealed before) is kept as it was.
    const earlierSubjects = await indexed(
      deps,
      [...new Set(reposts.map(({ event }) => event.subject))].filter((uri) => !posts.has(uri)),
    );
    const sealedBefore = await indexed(
      deps,
      reposts.map(({ event }) => event.uri),
    );
    const repostDocs: TweetDoc[] = [];
    for (const { event, subjectDeleted } of reposts) {
      const subject = subjectDeleted
        ? undefined
        : (posts.get(event.subject) ?? earlierSubjects.get(event.subject)?.doc);
      const doc = subject ? repostToDoc(event, subject) : sealedBefore.get(event.uri)?.doc;
      if (doc) repostDocs.push(doc);
      else manifest.reposts_unresolved++;
    }

    // Deleted here, or tombstoned by a later hour already sealed: not indexed.
    const gone = await tombstoned(deps, [...posts.keys(), ...repostDocs.map((doc) => doc.id)]);
    const live = (doc: TweetDoc) => !deleted.has(doc.id) && !gone.has(doc.id);
    const keptPosts = [...posts.values()].filter(live);
    const keptReposts = repostDocs.filter(live);
    manifest.deletes_applied += [...posts.keys(), ...repostDocs.map((doc) => doc.id)].filter((id) =>
      deleted.has(id),
    ).length;
    manifest.posts_kept = keptPosts.length;
    manifest.reposts_kept = keptReposts.length;
    const docs = [...keptPosts, ...keptReposts];
    manifest.kept = docs.length;

    // Streamed: the hour's documents as one string would double their memory.
    await deps.store.put(liveKeys.tweets(day, hour), Readable.from(ndjson(docs)).pipe(createGzip({ level: 3 })));
    await bulkWrite<TweetDoc>(deps.es, {
      what: `Bluesky posts of ${day}T${hour}`,
      datasource: docs,
      onDocument: (doc) => ({ index: { _index: deps.indices.tweetsIndexFor(doc.created_at), _id: doc.id } }),
      onFailedItems: deps.metrics.bulkItemsFailed,
      refreshOnCompletion: deps.indices.tweetsPattern,
    });
    // Deletes last, so that a retried seal still finds the posts this hour's reposts took.
    await bulkWrite<{ uri: string }>(deps.es, {
      what: `delete tombstones of ${day}T${hour}`,
      datasource: [...deleted].map((uri) => ({ uri })),
      onDocument: ({ uri }) => [
        { update: { _index: deps.indices.deletes, _id: uri } },
        { doc: { noticed_day: day }, upsert: { noticed_day: day, held: false } },
      ],
      refreshOnCompletion: deps.indices.deletes,
    });
    const earlier = [...(await indexed(deps, [...deleted])).values()];
    await bulkWrite(deps.es, {
      what: `deletes of ${day}T${hour}`,
      datasource: earlier,
      onDocument: ({ doc, index }) => ({ delete: { _index: index, _id: doc.id } }),
      onSuccess: () => manifest.deletes_applied++,
      ignoreStatus: [404],
      refreshOnCompletion: deps.indices.tweetsPattern,
    });
    manifest.affectedDays = [
      ...new Set(earlier.map(({ doc }) => dayOfMs(Date.parse(doc.created_at))).filter((other) => other !== day)),
    ].sort();
    manifest.seconds = (Date.now() - started) / 1000;
    await writeJson(deps.store, liveKeys.manifest(day, hour), manifest);
    await deps.es.index({
      index: deps.indices.ingest,
      id: `bluesky:${day}T${hour}`,
      document: {
        kind: 'group',
        source: 'bluesky',
        day,
        group: hour,
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
        completed_at: new Date().toISOString(),
      },
      refresh: 'wait_for',
    });
    deps.metrics.documentsIndexed(docs.length);
    log.info('live hour sealed', {
      day,
      hour,
      frames: manifest.frames,
      kept: manifest.kept,
      complete: manifest.complete,
    });
    return manifest;
  };
}
