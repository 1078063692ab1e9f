import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Day } from '../domain/days';
import type { RowError, ShowConfig } from '../domain/show-config';

/*
 * What the show workflows (one per show season, and the sheet sync) agree on with those who
 * start, signal and query them, and what their activities return.
 */

/** The show workflow's signals and queries, by name: activities signal it without importing workflow code. */
export const SHOW_WORKFLOW = {
  type: 'showBuzz',
  configChanged: 'configChanged',
  daysIngested: 'daysIngested',
  retire: 'retire',
  configQuery: 'config',
  lastResultQuery: 'lastResult',
} as const;

export const configChangedSignal = defineSignal<[ShowConfig]>(SHOW_WORKFLOW.configChanged);

export const daysIngestedSignal = defineSignal<[Day[]]>(SHOW_WORKFLOW.daysIngested);

export const retireSignal = defineSignal<[{ removeData: boolean }]>(SHOW_WORKFLOW.retire);

export const configQuery = defineQuery<ShowConfig>(SHOW_WORKFLOW.configQuery);

export const lastResultQuery = defineQuery<ShowBuzzResult | undefined>(SHOW_WORKFLOW.lastResultQuery);

export interface ShowBuzzInput {
  config: ShowConfig;
  /** Carried over by continue-as-new. */
  last?: ShowBuzzResult;
  pendingDays?: Day[];
  computed?: boolean;
  /** How a burst of signals is waited out (carried over too); DEFAULT_DEBOUNCE when not set. */
  debounce?: Debounce;
}

/**
 * Signals closer together than `quietMs` are taken as one burst (sheet edits, a backfill's
 * days), but a steady stream of them is not waited out longer than `maxMs`.
 */
export interface Debounce {
  quietMs: number;
  maxMs: number;
}

/**
 * What syncs and ingestion use. The workflow tests set minutes instead: on the test server a
 * timer runs on the real clock while a signal's workflow task is under way, and one that fires
 * then leaves the workflow stuck (temporalio/sdk-java#2606), which a loaded machine can reach in
 * 0.4 s.
 */
export const DEFAULT_DEBOUNCE: Readonly<Debounce> = { quietMs: 400, maxMs: 3_000 };

export const SHOWS_QUEUE_SUFFIX = '-shows';

/**
 * The task queue of the show computations, beside the worker's own: they wait on Elasticsearch,
 * not on the worker's cores, so a worker runs many at once (BUZZ_SHOW_COMPUTATIONS), and their
 * searches go out together (adapters/elasticsearch-search-batch.ts).
 */
export function showsTaskQueue(taskQueue: string): string {
  return `${taskQueue}${SHOWS_QUEUE_SUFFIX}`;
}

/** The show workflow's last computation, answered by lastResultQuery once its alerts are raised too. */
export interface ShowBuzzResult {
  showKey: string;
  computedAt: string;
  from: Day;
  to: Day;
  days: number;
  tweets: number;
  removedDays: number;
}

/** The sheet as read and validated: its row count, the valid rows' shows, the refused rows' errors. */
export interface SheetReading {
  rows: number;
  shows: ShowConfig[];
  errors: RowError[];
}

export interface SyncResult {
  started: string[];
  updated: string[];
  unchanged: string[];
  stopped: string[];
  removed: string[];
}

export interface SyncReport extends SyncResult {
  sheet: string;
  rows: number;
  valid: number;
  errors: RowError[];
}

/**
 * Starting or signalling a show's workflow, as the worker side needs it (the sheet sync, ingestion
 * telling shows about new days): given to activities, built on the client side (client/shows.ts).
 */
export interface ShowSignals {
  /** Starts the show's workflow if it is not running, and signals it: durable in one call. */
  signal(config: ShowConfig, signal: ShowSignalName, args: unknown[]): Promise<void>;
}

export type ShowSignalName = (typeof SHOW_WORKFLOW)['configChanged' | 'daysIngested' | 'retire'];
