/**
 * Elasticsearch names, all under one prefix (BUZZ_INDEX_PREFIX, default "buzz"): tweets in
 * monthly indices behind an alias, delete tombstones, ingest manifests, daily buzz metrics, spike alerts,
 * Wikipedia pageviews.
 */
export function indexNames(prefix: string) {
  return {
    tweetsAlias: `${prefix}-tweets`,
    tweetsPattern: `${prefix}-tweets-*`,
    /** The monthly index of a tweet created at `isoTime`: buzz-tweets-2019.07. */
    tweetsIndexFor: (isoTime: string) => `${prefix}-tweets-${isoTime.slice(0, 4)}.${isoTime.slice(5, 7)}`,
    deletes: `${prefix}-tweet-deletes`,
    ingest: `${prefix}-ingest`,
    daily: `${prefix}-daily`,
    shows: `${prefix}-shows`,
    sheetSyncs: `${prefix}-sheet-syncs`,
    alerts: `${prefix}-alerts`,
    pageviews: `${prefix}-pageviews`,
  };
}

export type IndexNames = ReturnType<typeof indexNames>;

/** Shards and replicas of every index BuzzTracker creates (BUZZ_ES_SHARDS, BUZZ_ES_REPLICAS). */
export interface IndexLayout {
  shards: number;
  /** A number of replicas, or an auto-expanding range (`0-1`, `1-all`) that follows the nodes. */
  replicas: string;
}

/**
 * One shard (a month of the sample is a few GB), and a replica whenever the cluster has a second
 * node to hold it: safe on a one-node stack, and on a cluster a node can die without losing data.
 */
export const DEFAULT_INDEX_LAYOUT: IndexLayout = { shards: 1, replicas: '0-1' };
