/**
 * Elasticsearch names, all under one prefix (BUZZ_INDEX_PREFIX, default "buzz"): tweets in
 * monthly indices behind an alias, delete tombstones, ingest manifests, daily buzz metrics, spike alerts.
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
  };
}

export type IndexNames = ReturnType<typeof indexNames>;
