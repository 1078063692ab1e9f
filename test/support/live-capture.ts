import { buffer } from 'node:stream/consumers';
import type { Client } from '@elastic/elasticsearch';
import type { Client as TemporalClient, WorkflowHandle } from '@temporalio/client';
import type { LiveHourManifest } from '../../domain/ingest-manifests';
import { openStore } from '../../adapters/store';
import { indexNames } from '../../domain/index-names';
import { liveKeys } from '../../domain/live-keys';
import { hourStartMs } from '../../domain/days';
import type { JetstreamHourTruth } from '../../simulator/jetstream';
import { captureJetstream } from '../../workflows/capture-jetstream';
import {
  CAPTURE_WORKFLOW_ID,
  captureStatusQuery,
  initialCaptureState,
  stopCaptureSignal,
  type CaptureOptions,
  type CaptureState,
} from '../../contracts/capture';

/** The manifest a sealed hour wrote to the store (a folder store). */
export async function liveManifest(storeUri: string, hour: string): Promise<LiveHourManifest> {
  const store = openStore(storeUri, () => {
    throw new Error('the live tests store in a folder');
  });
  const [day, hh] = hour.split('T') as [string, string];
  return JSON.parse((await buffer(await store.get(liveKeys.manifest(day, hh)))).toString('utf8'));
}

/**
 * The counts of a sealed hour that do not depend on when it was sealed, and what the ground truth
 * says they must be for a capture that asked for posts and reposts only (other collections never
 * reach it) and received the whole hour.
 */
export function hourCounts(manifest: LiveHourManifest) {
  const { day, hour, frames, posts, filtered_out, posts_empty_text, reposts, post_deletes, repost_deletes } = manifest;
  const { ignored_by_kind, bad_by_reason } = manifest;
  return {
    hour: `${day}T${hour}`,
    frames,
    posts,
    filtered_out,
    posts_empty_text,
    reposts,
    post_deletes,
    repost_deletes,
    ignored_by_kind,
    bad_by_reason,
  };
}

export function expectedHourCounts(hour: string, truth: JetstreamHourTruth): ReturnType<typeof hourCounts> {
  return {
    hour,
    frames: truth.frames - truth.ignored.other_collection,
    posts: truth.posts.created,
    filtered_out: truth.posts.created - truth.posts.english,
    posts_empty_text: truth.posts.empty_text,
    reposts: truth.reposts.known_subject + truth.reposts.unknown_subject,
    post_deletes: truth.post_deletes.known + truth.post_deletes.unknown,
    repost_deletes: truth.repost_deletes.known + truth.repost_deletes.unknown,
    ignored_by_kind: {
      post_update: truth.post_updates,
      other_collection: 0,
      identity: truth.ignored.identity,
      account: truth.ignored.account,
    },
    bad_by_reason: truth.bad,
  };
}

/** Bluesky posts (not reposts) in the index created in an hour. */
export async function postsIndexed(es: Client, indexPrefix: string, hour: string): Promise<number> {
  const start = hourStartMs(hour);
  const { count } = await es.count({
    index: indexNames(indexPrefix).tweetsPattern,
    query: {
      bool: {
        filter: [
          { term: { source: 'bluesky' } },
          { term: { is_retweet: false } },
          {
            range: {
              created_at: { gte: new Date(start).toISOString(), lt: new Date(start + 3_600_000).toISOString() },
            },
          },
        ],
      },
    },
  });
  return count;
}

/** English posts an hour created, less those deletes removed (in it or any later hour). */
export function englishPostsKept(truth: JetstreamHourTruth): number {
  return truth.posts.english - Object.values(truth.english_deleted_by_deletes_of).reduce((sum, n) => sum + n, 0);
}

export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 90_000,
): Promise<T> {
  for (const deadline = Date.now() + ms; ;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Starts the capture workflow from the start of `fromHour`, with short runs and no seal grace. */
export function startCapture(
  temporal: TemporalClient,
  taskQueue: string,
  url: string,
  fromHour: string,
  options: Partial<CaptureOptions> = {},
): Promise<WorkflowHandle<typeof captureJetstream>> {
  return temporal.workflow.start(captureJetstream, {
    taskQueue,
    workflowId: CAPTURE_WORKFLOW_ID,
    args: [
      initialCaptureState({
        url,
        languages: ['en'],
        options: { runSeconds: 2, flushSeconds: 1, sealGraceSeconds: 0, ...options },
        cursor: hourStartMs(fromHour) * 1000,
      }),
    ],
  });
}

/** Waits until the capture has stored the log's last event and sealed the hours before it, then stops it. */
export async function captureToEnd(
  handle: WorkflowHandle<typeof captureJetstream>,
  lastUs: number,
  hoursBefore: number,
  ms = 90_000,
): Promise<CaptureState> {
  await waitFor(
    'the capture to reach the end of the log',
    () => handle.query(captureStatusQuery),
    (status) => status.cursor === lastUs && status.hoursSealed === hoursBefore,
    ms,
  );
  await handle.signal(stopCaptureSignal);
  return handle.result();
}
