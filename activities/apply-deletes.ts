import { text } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { Context } from '@temporalio/activity';
import type { Client } from '@elastic/elasticsearch';
import { addDays, dayOfMs, type Day } from '../domain/days';
import { snowflakeTimeMs } from '../domain/snowflake';
import { storeKeys } from '../domain/store-keys';
import { bulkWrite } from '../adapters/elasticsearch-bulk';
import type { ActivityDeps } from './deps';

export interface DeletesResult {
  /** Delete notices in the day's archive. */
  notices: number;
  /** Notices of this day whose tweet we held (in any day's data) and removed. */
  deletesApplied: number;
  /** Days (UTC) whose tweets this run removed: their buzz must be recomputed. */
  affectedDays: Day[];
}

async function readDeletedIds(deps: ActivityDeps, day: Day, groups: string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const group of groups) {
    const content = await text((await deps.store.get(storeKeys.deletedIds(day, group))).pipe(zlib.createGunzip()));
    for (const id of content.split('\n')) if (id) ids.add(id);
  }
  return ids;
}

/** Ids of tombstoned tweets created on `day`, whichever day's notice tombstoned them. */
async function tombstonedOn(es: Client, index: string, day: Day): Promise<string[]> {
  const ids: string[] = [];
  const query = { range: { tweet_created_at: { gte: `${day}T00:00:00Z`, lt: `${addDays(day, 1)}T00:00:00Z` } } };
  for await (const page of es.helpers.scrollSearch({ index, query, _source: false, size: 5000 })) {
    for (const hit of page.body.hits.hits) ids.push(hit._id!);
  }
  return ids;
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

async function applyDeletes(deps: ActivityDeps, day: Day, groups: string[]): Promise<DeletesResult> {
  const { es, indices } = deps;
  const noticed = await readDeletedIds(deps, day, groups);
  const located: Located[] = [];
  for (const id of noticed) {
    const timeMs = snowflakeTimeMs(id);
    if (timeMs !== undefined) located.push({ id, timeMs });
  }
  await bulkWrite<Located>(es, {
    what: `delete tombstones of ${day}`,
    datasource: located,
    onDocument: (d) => {
      const fields = { tweet_created_at: new Date(d.timeMs).toISOString(), noticed_day: day };
      return [{ update: { _index: indices.deletes, _id: d.id } }, { doc: fields, upsert: { ...fields, held: false } }];
    },
    refreshOnCompletion: indices.deletes,
  });

  const targets = new Map(located.map((d) => [d.id, d.timeMs]));
  for (const id of await tombstonedOn(es, indices.deletes, day)) targets.set(id, snowflakeTimeMs(id)!);
  const removed: string[] = [];
  await bulkWrite<Located>(es, {
    what: `deletes of ${day}`,
    datasource: [...targets].map(([id, timeMs]) => ({ id, timeMs })),
    onDocument: (d) => ({
      delete: { _index: indices.tweetsIndexFor(new Date(d.timeMs).toISOString()), _id: d.id },
    }),
    onSuccess: ({ result }) => {
      if (result.delete?.result === 'deleted') removed.push(result.delete._id!);
    },
    // A tweet we never held, or a month we hold nothing of, answers 404: nothing to do.
    ignoreStatus: [404],
    refreshOnCompletion: indices.tweetsPattern,
  });
  await bulkWrite<{ id: string }>(es, {
    what: `tombstones of ${day}`,
    datasource: removed.map((id) => ({ id })),
    onDocument: ({ id }) => [{ update: { _index: indices.deletes, _id: id } }, { doc: { held: true } }],
    refreshOnCompletion: indices.deletes,
  });
  const held = await es.count({
    index: indices.deletes,
    query: { bool: { filter: [{ term: { noticed_day: day } }, { term: { held: true } }] } },
  });
  const affectedDays = [...new Set(removed.map((id) => dayOfMs(targets.get(id)!)))].sort();
  return { notices: noticed.size, deletesApplied: held.count, affectedDays };
}
