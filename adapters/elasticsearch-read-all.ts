import type { Client, estypes } from '@elastic/elasticsearch';

export interface ReadAllRequest {
  index: string;
  query: estypes.QueryDslQueryContainer;
  /** The order of the results; a tiebreaker keeps pages apart. */
  sort?: estypes.Sort;
  _source?: estypes.SearchSourceConfig;
}

/**
 * Every hit of a search, page by page over a point in time (search_after, the `_shard_doc`
 * tiebreaker), so that nothing is silently cut at a page size: a registry of 20,000 shows or a
 * year of hour manifests is read whole. An index that does not exist yet has no hits.
 */
export async function readAll<T>(
  es: Client,
  request: ReadAllRequest,
  pageSize = 1_000,
): Promise<{ id: string; source: T }[]> {
  const pit = await es.openPointInTime({ index: request.index, keep_alive: '1m', ignore_unavailable: true });
  const hits: { id: string; source: T }[] = [];
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await es.search<T>({
        pit: { id: pit.id, keep_alive: '1m' },
        size: pageSize,
        query: request.query,
        _source: request._source,
        sort: [...(request.sort === undefined ? [] : [request.sort].flat()), { _shard_doc: 'asc' }] as estypes.Sort,
        search_after: after,
        track_total_hits: false,
      });
      for (const hit of page.hits.hits) hits.push({ id: hit._id!, source: hit._source as T });
      if (page.hits.hits.length < pageSize) return hits;
      after = page.hits.hits[page.hits.hits.length - 1]!.sort;
    }
  } finally {
    await es.closePointInTime({ id: pit.id }).catch(() => undefined);
  }
}
