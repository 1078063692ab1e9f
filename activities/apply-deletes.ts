import { Context } from '@temporalio/activity';
import type { LocatedTweet } from '../adapters/repositories/tweets';
import type { DeletesResult } from '../contracts/ingest';
import { dayOfMs, type Day } from '../domain/days';
import { snowflakeTimeMs } from '../domain/snowflake';
import { TweetIdSet } from '../domain/tweet-id-set';
import type { ActivityDeps } from './deps';

/** Ids of deleted tweets handled at once: bounds the memory of a day's million notices. */
const CHUNK = 20_000;

/** Tweets named by id, with the time their snowflake id tells (ids that are not snowflakes cannot be placed). */
function located(ids: string[]): LocatedTweet[] {
  return ids.flatMap((id) => {
    const timeMs = snowflakeTimeMs(id);
    return timeMs === undefined ? [] : [{ id, timeMs }];
  });
}

/**
 * Honors delete notices (platform compliance). Each notice becomes a tombstone keyed by tweet
 * id; then every tweet named by the day's notices, and every tombstoned tweet created on this
 * day, is deleted from its monthly index. Tombstones make the order of days irrelevant: a tweet
 * whose notice was ingested first is removed when its own day is ingested. A tombstone is
 * marked `held` once its tweet was actually removed, so re-running a day counts the same.
 */
export function applyDeletesActivity(deps: ActivityDeps) {
  const { tweets, tombstones } = deps.repos;
  /** Deletes the tweets and marks their tombstones held; gives the days they were created on. */
  const remove = async (day: Day, found: LocatedTweet[]): Promise<Day[]> => {
    const removed = await tweets.deleteLocated(`deletes of ${day}`, found);
    await tombstones.markHeld(`tombstones of ${day}`, removed);
    return removed.map((id) => dayOfMs(snowflakeTimeMs(id)!));
  };

  return async ({ day, groups }: { day: Day; groups: string[] }): Promise<DeletesResult> => {
    const context = Context.current();
    const heartbeat = setInterval(() => context.heartbeat({ day }), 5_000);
    try {
      const noticed = new TweetIdSet();
      for (const group of groups) for (const id of await deps.dayStore.deletedIds(day, group)) noticed.add(id);
      const affected = new Set<Day>();
      for (const ids of noticed.chunks(CHUNK)) {
        const noticedTweets = located(ids);
        await tombstones.recordNotices(day, noticedTweets);
        for (const created of await remove(day, noticedTweets)) affected.add(created);
      }
      // Tweets of this day whose notice came with an earlier day; the tombstones just written are
      // among them, and their tweets, deleted above, now answer 404.
      await tombstones.refresh();
      for await (const ids of tombstones.createdOn(day))
        for (const created of await remove(day, located(ids))) affected.add(created);
      await tweets.refresh();
      await tombstones.refresh();
      return {
        notices: noticed.size,
        deletesApplied: await tombstones.countHeld(day),
        affectedDays: [...affected].sort(),
      };
    } finally {
      clearInterval(heartbeat);
    }
  };
}
