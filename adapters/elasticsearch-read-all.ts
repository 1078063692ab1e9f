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
 * year of hour manifests is read whole. Most reads fit one page: the first is asked for without
 * a point in time (one request, not three), and only a fuller one is read again over a point in
 * time from the start. An index that does not exist yet has no hits.
 */
export async function readAll<T>(
  es: Client,
  request: ReadAllRequest,
  pageSize = 1_000,
): Promise<{ id: string; source: T }[]> {
  const sort: estypes.SortCombinations[] = request.sort === undefined ? [] : [request.sort].flat();
  const first = await es.search<T>({
    index: request.index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: pageSize,
    query: request.query,
    _source: request._source,
    sort: [...sort, '_doc'] as estypes.Sort,
    track_total_hits: false,
  });
  if (first.hits.hits.length < pageSize) return first.hits.hits.map(hitOf<T>);
  return readOverPointInTime<T>(es, request, sort, pageSize);
}

function hitOf<T>(hit: estypes.SearchHit<T>): { id: string; source: T } {
  return { id: hit._id!, source: hit._source as T };
}

async function readOverPointInTime<T>(
  es: Client,
  request: ReadAllRequest,
  sort: estypes.SortCombinations[],
  pageSize: number,
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
        sort: [...sort, { _shard_doc: 'asc' }] as estypes.Sort,
        search_after: after,
        track_total_hits: false,
      });
      for (const hit of page.hits.hits) hits.push(hitOf(hit));
      if (page.hits.hits.length < pageSize) return hits;
      after = page.hits.hits[page.hits.hits.length - 1]!.sort;
    }
  } finally {
    await es.closePointInTime({ id: pit.id }).catch(() => undefined);
  }
}
