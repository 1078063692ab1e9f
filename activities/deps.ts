import type { Client } from '@elastic/elasticsearch';
import type { ArchiveSource } from '../adapters/archives/archive-source';
import type { Bz2Decoder } from '../adapters/archives/decompress';
import type { MemberPool } from '../adapters/archives/member-pool';
import type { Repositories } from '../adapters/repositories';
import type { DayStore } from '../adapters/repositories/day-store';
import type { LiveStore } from '../adapters/repositories/live-store';
import type { SheetOptions } from '../adapters/sheets';
import type { WikimediaClient } from '../adapters/wikimedia-client';
import type { AlertSettings } from '../config/config';
import type { ShowSignals } from '../contracts/shows';
import type { IndexLayout, IndexNames } from '../domain/index-names';
import type { BuzzMetrics } from '../domain/metrics';

/** Everything activities talk to; the worker is the one place that builds these. */
export interface ActivityDeps {
  /** The Elasticsearch indices, through one repository per index family. */
  repos: Repositories;
  /** What ingestion and the live capture keep in the object store. */
  dayStore: DayStore;
  liveStore: LiveStore;
  /** For creating the indices (with their layout: shards and replicas). */
  es: Client;
  indices: IndexNames;
  indexLayout: IndexLayout;
  openSource: (uri: string) => ArchiveSource;
  decoder: Bz2Decoder;
  /** Whether posts are scored for sentiment as they are stored (false: `sentiment` is null). */
  scoreSentiment: boolean;
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
  /** The Wikimedia pageviews API. */
  wikimedia: WikimediaClient;
}
