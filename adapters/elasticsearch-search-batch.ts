import { errors, type Client, type estypes } from '@elastic/elasticsearch';
import DataLoader from 'dataloader';

/** A search of one batch: what goes in an `_msearch` header (where), and its body. */
export interface BatchedSearch {
  index: string;
  ignore_unavailable?: boolean;
  allow_no_indices?: boolean;
  request_cache?: boolean;
  body: estypes.SearchRequest;
}

export interface SearchBatchOptions {
  /** Searches in one `_msearch` request at most (default 100): beyond, the next request. */
  maxSearches?: number;
  /**
   * How long the first search of a batch waits for others (default 5 ms). Show computations start
   * as their activity tasks arrive, not in one tick; 5 ms is nothing beside a computation (tens
   * of milliseconds) and lets those starting together share a request.
   */
  waitMs?: number;
}

/**
 * Searches that several callers make at about the same time, sent as one `_msearch` (the
 * show computations' per-show searches: docs/benchmarks.md, P4). Each caller gets its own
 * answer, or its own error as a ResponseError with the item's status, exactly as if it had
 * searched alone; a request that fails as a whole fails each of its searches, whose callers
 * retry as before. DataLoader does the batching (graphql/dataloader: a small, well-kept library
 * for this one thing); its cache is off, since every search must reach Elasticsearch.
 */
export function searchBatch(es: Client, options: SearchBatchOptions = {}) {
  const { maxSearches = 100, waitMs = 5 } = options;
  const loader = new DataLoader<BatchedSearch, estypes.SearchResponse>(
    async (searches) => {
      const answer = await es.msearch(
        {
          searches: searches.flatMap(({ body, ...header }) => [header, body] as estypes.MsearchRequestItem[]),
        },
        { meta: true },
      );
      return answer.body.responses.map((item) =>
        'error' in item
          ? new errors.ResponseError({ ...answer, body: item, statusCode: item.status })
          : (item as estypes.SearchResponse),
      );
    },
    { cache: false, maxBatchSize: maxSearches, batchScheduleFn: (send) => setTimeout(send, waitMs) },
  );
  return { search: (search: BatchedSearch): Promise<estypes.SearchResponse> => loader.load(search) };
}
