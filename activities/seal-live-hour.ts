import { log } from '@temporalio/activity';
import type { LiveHourSealed, SealInput } from '../contracts/capture';
import { liveHourRecord } from '../domain/ingest-manifests';
import { LiveHourTally, liveHourManifest, otherDays } from '../domain/live-hour';
import { scorerOf, type TweetDoc } from '../domain/tweet';
import type { ActivityDeps } from './deps';

const docsOf = (found: Map<string, { doc: TweetDoc }>) => new Map([...found].map(([id, { doc }]) => [id, doc]));

/**
 * Seals one hour of the live capture: counts its stored frames once each (domain/live-hour.ts),
 * projects the posts in the language filter and the reposts of posts the index holds to tweet
 * documents (source `bluesky`), honours deletes (tombstones, as for the archive's delete notices),
 * writes the preprocessed copy and the hour's manifest, and indexes the documents. Keys and ids
 * derive from the hour and the at-uris, so sealing an hour again changes nothing.
 */
export function sealLiveHourActivity(deps: ActivityDeps) {
  return async (input: SealInput): Promise<LiveHourSealed> => {
    const started = Date.now();
    const { day, hour, complete } = input;
    const { tweets, tombstones, ingestRecords } = deps.repos;
    const tally = new LiveHourTally(input.languages, scorerOf(deps.scoreSentiment));
    for await (const frame of deps.liveStore.hourFrames(day, hour)) tally.add(frame);

    const earlierSubjects = docsOf(await tweets.byIds(tally.subjectsFromEarlier()));
    const sealedBefore = docsOf(await tweets.byIds(tally.repostUris()));
    const reposts = tally.resolveReposts(earlierSubjects, sealedBefore);
    // Deleted here, or tombstoned by a later hour already sealed: not indexed.
    const gone = await tombstones.tombstoned([...tally.posts.keys(), ...reposts.docs.map((doc) => doc.id)]);
    const kept = tally.kept(reposts.docs, gone);
    const docs = [...kept.posts, ...kept.reposts];

    await deps.liveStore.putTweets(day, hour, docs);
    await tweets.index(`Bluesky posts of ${day}T${hour}`, docs, deps.metrics.bulkItemsFailed);
    // Deletes last, so that a retried seal still finds the posts this hour's reposts took.
    await tombstones.recordUris(`delete tombstones of ${day}T${hour}`, day, [...tally.deleted]);
    const earlier = [...(await tweets.byIds([...tally.deleted])).values()];
    const deletedEarlier = await tweets.deleteIndexed(`deletes of ${day}T${hour}`, earlier);

    const manifest = liveHourManifest({ day, hour, complete }, tally, {
      kept,
      repostsUnresolved: reposts.unresolved,
      deletedEarlier,
      affectedDays: otherDays(
        earlier.map(({ doc }) => doc),
        day,
      ),
      seconds: (Date.now() - started) / 1000,
    });
    await deps.liveStore.putManifest(manifest);
    await ingestRecords.write(`the record of ${day}T${hour}`, [liveHourRecord(manifest, new Date().toISOString())]);
    deps.metrics.documentsIndexed(docs.length);
    log.info('live hour sealed', { day, hour, frames: manifest.frames, kept: manifest.kept, complete });
    return { day, hour, complete, kept: manifest.kept, affectedDays: manifest.affected_days };
  };
}
