import { Runtime } from '@temporalio/worker';
import type { BuzzMetrics } from '../domain/metrics';

/**
 * BuzzTracker's metrics through the Runtime's metric meter, exported with the SDK's own
 * (`temporal_…`) by its Prometheus exporter (`worker --metrics-port`): `buzz_lines_read_total{kind="kept"}`
 * and so on (docs/operations-and-alerts.md, "Logs, metrics and health").
 */
export function runtimeMetrics(): BuzzMetrics {
  const meter = Runtime.instance().metricMeter;
  const bytesRead = meter.createCounter('buzz_archive_bytes_read', 'bytes', 'compressed archive bytes read');
  const jsonBytes = meter.createCounter('buzz_json_bytes_read', 'bytes', 'decompressed JSON bytes read');
  const linesRead = meter.createCounter(
    'buzz_lines_read',
    'lines',
    'archive lines by kind: kept, filtered_out, notice, malformed',
  );
  const kept = meter.createCounter('buzz_statuses_kept', 'statuses', 'statuses kept by the ingest filter');
  const membersFailed = meter.createCounter(
    'buzz_members_failed',
    'members',
    'archive members that could not be read whole',
  );
  const seconds = meter.createHistogram(
    'buzz_preprocess_seconds',
    'float',
    's',
    'seconds to read, decode and preprocess one hour group',
  );
  const indexed = meter.createCounter(
    'buzz_documents_indexed',
    'documents',
    'tweet documents written to Elasticsearch',
  );
  const bulkFailed = meter.createCounter('buzz_bulk_items_failed', 'items', 'bulk items Elasticsearch refused');
  const recomputed = meter.createCounter('buzz_show_recomputations', 'computations', 'show buzz computations');
  return {
    groupPreprocessed(counts, groupSeconds) {
      bytesRead.add(counts.bytes_in);
      jsonBytes.add(counts.bytes_json);
      linesRead.add(counts.kept, { kind: 'kept' });
      linesRead.add(counts.filtered_out, { kind: 'filtered_out' });
      linesRead.add(counts.notices, { kind: 'notice' });
      linesRead.add(counts.malformed, { kind: 'malformed' });
      kept.add(counts.kept);
      membersFailed.add(counts.members_failed);
      seconds.record(groupSeconds);
    },
    documentsIndexed: (count) => indexed.add(count),
    bulkItemsFailed: (count) => bulkFailed.add(count),
    showRecomputed: (showKey) => recomputed.add(1, { show_key: showKey }),
  };
}
