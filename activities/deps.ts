import type { Client } from '@elastic/elasticsearch';
import type { ArchiveSource } from '../adapters/archives/archive-source';
import type { Bz2Decoder } from '../adapters/archives/decompress';
import type { MemberPool } from '../adapters/archives/member-pool';
import type { ObjectStore } from '../adapters/object-store';
import type { SheetOptions } from '../adapters/sheets';
import type { AlertSettings } from '../config/config';
import type { IndexLayout, IndexNames } from '../domain/index-names';
import type { BuzzMetrics } from '../domain/metrics';
import type { ShowSignals } from '../contracts/shows';

/** Everything activities talk to; the worker is the one place that builds these. */
export interface ActivityDeps {
  es: Client;
  store: ObjectStore;
  openSource: (uri: string) => ArchiveSource;
  indices: IndexNames;
  /** Shards and replicas of the indices the activities create. */
  indexLayout: IndexLayout;
  decoder: Bz2Decoder;
  /** The threads that decode members and sort their lines. */
  memberPool: MemberPool;
  /** Which worker process runs the activities (recorded in group manifests). */
  workerIdentity: string;
  /** For activities that start or signal the show workflows. */
  showSignals: ShowSignals;
  sheets: SheetOptions;
  /** Counts for operators (metrics), recorded when a piece of work succeeds. */
  metrics: BuzzMetrics;
  /** The spike rule's defaults and the webhook alerts go to. */
  alerts: AlertSettings;
}
