import { text } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { Context } from '@temporalio/activity';
import type { Client } from '@elastic/elasticsearch';
import { addDays, dayOfMs, type Day } from '../domain/days';
import { TweetIdSet } from '../domain/tweet-id-set';
import { snowflakeTimeMs } from '../domain/snowflake';
import { storeKeys } from '../domain/store-keys';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import type { ActivityDeps } from './deps';
import type { DeletesResult } from '../contracts/ingest';

async function readDeletedIds(deps: ActivityDeps, day: Day, groups: string[]): Promise<TweetIdSet> {
  const ids = new TweetIdSet();
  for (const group of groups) {
    const content = await text((await deps.store.get(storeKeys.deletedIds(day, group))).pipe(zlib.createGunzip()));
    for (const id of content.split('\n')) if (id) ids.add(id);
  }
  return ids;
}

/** Ids of tombstoned tweets created on `day`, whichever day's notice tombstoned them, a page at a time. */
async function* tombstonedOn(es: Client, index: string, day: Day): AsyncGenerator<string[]> {
  const query = { range: { tweet_created_at: { gte: `${day}T00:00:00Z`, lt: `${addDays(day, 1)}T00:00:00Z` } } };
  for await (const page of es.helpers.scrollSearch({ index, query, _source: false, size: 5000 }))
    yield page.body.hits.hits.map((hit) => hit._id!);
}

interface Located {
  id: string;
  timeMs: number;
}

/**
 * Honors delete notices (platform compliance). Each notice becomes a tombstone keyed by tweet
 * id; then every tweet named by the day's notices, and every tombstoned tweet created on this
 * day, is deleted from its monthly index. Tombstones make the order of days irrelevant: a tweet
 * whose notice was ingested first is removed when its own day is ingested. A tombstone is
 * marked `held` once its tweet was actually removed, so re-running a day counts the same.
 */
export function applyDeletesActivity(deps: ActivityDeps) {
  return async ({ day, groups }: { day: Day; groups: string[] }): Promise<DeletesResult> => {
    const context = Context.current();
    const heartbeat = setInterval(() => context.heartbeat({ day }), 5_000);
    try {
      return await applyDeletes(deps, day, groups);
    } finally {
      clearInterval(heartbeat);
    }
  };
}

/** Ids of deleted tweets handled at once: bounds the memory of a day's million notices. */
const CHUNK = 20_000;

function located(ids: string[]): Located[] {
  return ids.flatMap((id) => {
    const timeMs = snowflakeTimeMs(id);
    return timeMs === undefined ? [] : [{ id, timeMs }];
  });
}

async function writeTombstones(deps: ActivityDeps, day: Day, tweets: Located[]): Promise<void> {
  await bulkWrite<Located>(deps.es, {
    what: `delete tombstones of ${day}`,
    datasource: tweets,
    onDocument: (d) => {
      const fields = { tweet_created_at: new Date(d.timeMs).toISOString(), noticed_day: day };
      return [
        { update: { _index: deps.indices.deletes, _id: d.id } },
        { doc: fields, upsert: { ...fields, held: false } },
      ];
    },
    statusOnly: true,
  });
}

/**
 * Deletes the tweets from their monthly indices and marks the tombstones of those we held as
 * `held`; gives the days the removed tweets were created on.
 */
async function removeTweets(deps: ActivityDeps, day: Day, tweets: Located[]): Promise<Day[]> {
  const { es, indices } = deps;
  const removed: string[] = [];
  await bulkWrite<Located>(es, {
    what: `deletes of ${day}`,
    datasource: tweets,
    onDocument: (d) => ({
      delete: { _index: indices.tweetsIndexFor(new Date(d.timeMs).toISOString()), _id: d.id },
    }),
    onSuccess: ({ result }) => {
      if (result.delete?.result === 'deleted') removed.push(result.delete._id!);
    },
    // A tweet we never held, or a month we hold nothing of, answers 404: nothing to do.
    ignoreStatus: [404],
  });
  await bulkWrite<{ id: string }>(es, {
    what: `tombstones of ${day}`,
    datasource: removed.map((id) => ({ id })),
    onDocument: ({ id }) => [{ update: { _index: indices.deletes, _id: id } }, { doc: { held: true } }],
    statusOnly: true,
  });
  return removed.map((id) => dayOfMs(snowflakeTimeMs(id)!));
}

async function applyDeletes(deps: ActivityDeps, day: Day, groups: string[]): Promise<DeletesResult> {
  const { es, indices } = deps;
  const noticed = await readDeletedIds(deps, day, groups);
  const affected = new Set<Day>();
  for (const ids of noticed.chunks(CHUNK)) {
    const tweets = located(ids);
    await writeTombstones(deps, day, tweets);
    for (const created of await removeTweets(deps, day, tweets)) affected.add(created);
  }
  // Tweets of this day whose notice came with an earlier day; the tombstones just written are
  // among them, and their tweets, deleted above, now answer 404.
  await es.indices.refresh({ index: indices.deletes, ignore_unavailable: true });
  for await (const ids of tombstonedOn(es, indices.deletes, day))
    for (const created of await removeTweets(deps, day, located(ids))) affected.add(created);
  await es.indices.refresh({
    index: [indices.tweetsPattern, indices.deletes],
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  const held = await es.count({
    index: indices.deletes,
    query: { bool: { filter: [{ term: { noticed_day: day } }, { term: { held: true } }] } },
  });
  return { notices: noticed.size, deletesApplied: held.count, affectedDays: [...affected].sort() };
}
