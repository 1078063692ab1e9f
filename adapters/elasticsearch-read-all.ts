import type { Client, estypes } from '@elastic/elasticsearch';

export interface ReadAllRequest {
  index: string;
  query: estypes.QueryDslQueryContainer;
  /** The order of the results; a tiebreaker keeps pages apart. */
  sort?: estypes.Sort;
  _source?: estypes.SearchSourceConfig;
  /**
   * Fields read from their doc values (columnar, in `fields`) with neither `_source` nor `_id`
   * loaded: a stored document is decompressed with its neighbours, which for a few thousand hits
   * spread over an index costs far more than the columns do.
   */
  docvalue_fields?: (string | estypes.QueryDslFieldAndFormat)[];
}

/** A hit: its `_id` (absent when only doc values were read), `_source` and doc values. */
export interface ReadHit<T> {
  id: string;
  source: T;
  fields: Record<string, unknown[]>;
}

/**
 * What a page asks for besides its place in the read. An answer of doc values holds only them and
 * the sort values (`filter_path`), not the index name and score that every hit repeats.
 */
function fetched(request: ReadAllRequest) {
  return request.docvalue_fields
    ? {
        _source: false,
        stored_fields: ['_none_'],
        docvalue_fields: request.docvalue_fields,
        filter_path: ['hits.hits.fields', 'hits.hits.sort'],
      }
    : { _source: request._source };
}

/** A page's hits; an answer filtered down to doc values has no `hits` at all when none matched. */
function hitsOf<T>(page: estypes.SearchResponse<T>): estypes.SearchHit<T>[] {
  return page.hits?.hits ?? [];
}

/**
 * Every hit of a search, page by page over a point in time (search_after, the `_shard_doc`
 * tiebreaker), so that nothing is silently cut at a page size: a registry of 20,000 shows or a
 * year of hour manifests is read whole. Most reads fit one page: the first is asked for without
 * a point in time (one request, not three), and only a fuller one is read again over a point in
 * time from the start. An index that does not exist yet has no hits.
 */
export async function readAll<T>(es: Client, request: ReadAllRequest, pageSize = 1_000): Promise<ReadHit<T>[]> {
  const sort: estypes.SortCombinations[] = request.sort === undefined ? [] : [request.sort].flat();
  const first = await es.search<T>({
    index: request.index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: pageSize,
    query: request.query,
    ...fetched(request),
    sort: [...sort, '_doc'] as estypes.Sort,
    track_total_hits: false,
  });
  if (hitsOf(first).length < pageSize) return hitsOf(first).map(hitOf<T>);
  return readOverPointInTime<T>(es, request, sort, pageSize);
}

function hitOf<T>(hit: estypes.SearchHit<T>): ReadHit<T> {
  return { id: hit._id!, source: hit._source as T, fields: (hit.fields ?? {}) as Record<string, unknown[]> };
}

async function readOverPointInTime<T>(
  es: Client,
  request: ReadAllRequest,
  sort: estypes.SortCombinations[],
  pageSize: number,
): Promise<ReadHit<T>[]> {
  const pit = await es.openPointInTime({ index: request.index, keep_alive: '1m', ignore_unavailable: true });
  const hits: ReadHit<T>[] = [];
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await es.search<T>({
        pit: { id: pit.id, keep_alive: '1m' },
        size: pageSize,
        query: request.query,
        ...fetched(request),
        sort: [...sort, { _shard_doc: 'asc' }] as estypes.Sort,
        search_after: after,
        track_total_hits: false,
      });
      const pageHits = hitsOf(page);
      for (const hit of pageHits) hits.push(hitOf(hit));
      if (pageHits.length < pageSize) return hits;
      after = pageHits[pageHits.length - 1]!.sort;
    }
  } finally {
    await es.closePointInTime({ id: pit.id }).catch(() => undefined);
  }
}
