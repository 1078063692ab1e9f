import type { Client } from '@elastic/elasticsearch';
import type { BulkHelperOptions, BulkStats } from '@elastic/elasticsearch/lib/helpers';
import { BuzzError, describeError } from '../domain/errors';

export interface BulkOptions<T> {
  /** What is being written, for error messages ("tweets of 2019-07-01 hour 13"). */
  what: string;
  /**
   * The items. A string item is taken as its document already serialized (an `index` line as
   * stored); an update's payload or a document to serialize needs an object item.
   */
  datasource: BulkHelperOptions<T>['datasource'];
  onDocument: BulkHelperOptions<T>['onDocument'];
  onSuccess?: BulkHelperOptions<T>['onSuccess'];
  /** Item statuses that are expected and not failures (404 for deletes of absent documents). */
  ignoreStatus?: number[];
  refreshOnCompletion?: string;
  /** Told how many items failed, before the call fails (metrics). */
  onFailedItems?: (count: number) => void;
  /**
   * Only each item's status and error in Elasticsearch's answers (`filter_path`), for writes
   * whose onSuccess needs nothing else: most of a bulk answer is ids and versions to parse.
   */
  statusOnly?: boolean;
}

/**
 * Why an item was refused, in words. A shard with no active copy (a node that held it is gone and
 * the index has no replica there) makes the index red: said so with its name, since the fix is the
 * node, not the data.
 */
function droppedReason(
  status: number,
  error: { type?: string; reason?: string | null } | null,
  index: string | undefined,
): string {
  const detail = `HTTP ${status} ${error?.type ?? ''}: ${error?.reason ?? ''}`;
  return error?.type === 'unavailable_shards_exception' || error?.type === 'no_shard_available_action_exception'
    ? `index ${index ?? '?'} is red: a primary shard has no active copy (a node holding it is down and no replica took over) — ${detail}`
    : detail;
}

/**
 * The one bulk path of BuzzTracker, over the client's bulk helper:
 * - flushBytes 2 MB per request, concurrency 2 requests in flight: the helper holds each body
 *   about three times over (documents, the joined request, its bytes) while it accumulates one
 *   and sends two, for every hour group being indexed; with 2 MB instead of 5 MB a worker's peak
 *   RSS on a real-size day fell from 515 to 492 MB (docs/benchmarks.md, P8);
 * - items refused with 429 are retried 3 times, `wait` 2 s apart (the helper's own retries);
 *   the transport retries whole requests on connection errors (maxRetries) and whole requests
 *   refused with 429 (BUSY_RETRIES, both in elasticsearch.ts);
 * - any other refused item fails the whole call, naming the first few reasons: a 5xx or 429
 *   failure is retryable (the activity is retried), anything else is not (a mapping bug).
 */
export async function bulkWrite<T>(es: Client, options: BulkOptions<T>): Promise<BulkStats> {
  // Nothing to write: no bulk request. The refresh is still owed (earlier writes may be waiting
  // for it), but the index may not exist yet, which is not an error.
  if (Array.isArray(options.datasource) && options.datasource.length === 0) {
    if (options.refreshOnCompletion)
      await es.indices.refresh({
        index: options.refreshOnCompletion,
        ignore_unavailable: true,
        allow_no_indices: true,
      });
    return { total: 0, failed: 0, retry: 0, successful: 0, noop: 0, time: 0, bytes: 0, aborted: false };
  }
  // Distinct reasons, a few: a shard refusing a whole batch refuses each item the same way.
  const reasons = new Set<string>();
  let failed = 0;
  let retryable = false;
  const helper = es.helpers.bulk<T>({
    datasource: options.datasource,
    onDocument: options.onDocument,
    onSuccess: options.onSuccess,
    onDrop: (dropped) => {
      if (options.ignoreStatus?.includes(dropped.status)) return;
      if (dropped.status >= 500 || dropped.status === 429) retryable = true;
      failed++;
      const index = (Object.values(dropped.operation)[0] as { _index?: string } | undefined)?._index;
      const reason = droppedReason(dropped.status, dropped.error, index);
      if (reasons.size < 3) reasons.add(reason);
    },
    flushBytes: 2_000_000,
    concurrency: 2,
    retries: 3,
    wait: 2_000,
    refreshOnCompletion: options.refreshOnCompletion ?? false,
    ...(options.statusOnly ? { filter_path: 'errors,items.*.status,items.*.error' } : {}),
  });
  let stats: BulkStats;
  try {
    stats = await helper;
  } catch (error) {
    // A request Elasticsearch refuses as a whole (400) is a bug here, not a passing fault.
    const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
    if (status === 400)
      throw new BuzzError('bulk_refused', `Writing ${options.what} to Elasticsearch: ${describeError(error)}`, {
        cause: error,
      });
    throw error;
  }
  if (failed > 0) {
    options.onFailedItems?.(failed);
    throw new BuzzError(
      'bulk_failed',
      `Writing ${options.what} to Elasticsearch: ${failed} operations failed, e.g. ${[...reasons].join('; ')}`,
      { retryable },
    );
  }
  return stats;
}
