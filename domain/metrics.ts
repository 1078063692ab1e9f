import type { IngestCounts } from './ingest-counts';

/**
 * What BuzzTracker counts as it works, for operators' dashboards and alerts. Counted when a
 * piece of work has succeeded, so that the totals agree with the manifests; the worker records
 * them through Temporal's metric meter (workers/metrics.ts).
 */
export interface BuzzMetrics {
  /** An hour group preprocessed: its archive bytes, lines by kind, kept statuses, and seconds. */
  groupPreprocessed(counts: IngestCounts, seconds: number): void;
  /** Tweet documents written to Elasticsearch. */
  documentsIndexed(count: number): void;
  /** Bulk items Elasticsearch refused (after the bulk helper's retries). */
  bulkItemsFailed(count: number): void;
  /** A show season's buzz computed again. */
  showRecomputed(showKey: string): void;
}

export const NO_METRICS: BuzzMetrics = {
  groupPreprocessed: () => undefined,
  documentsIndexed: () => undefined,
  bulkItemsFailed: () => undefined,
  showRecomputed: () => undefined,
};
