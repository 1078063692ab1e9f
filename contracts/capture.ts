import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Day } from '../domain/days';
import type { LanguageFilter } from '../domain/languages';

/*
 * The live Bluesky capture: its one workflow's state, signals and status query, and what its
 * capture and sealing activities take and return.
 */

export const CAPTURE_WORKFLOW_ID = 'capture-jetstream';

export interface CaptureOptions {
  /** Each capture run holds the socket this long before the workflow seals hours and sees a stop (default 60). */
  runSeconds: number;
  /** How often a run stores what it received and heartbeats its cursor (default 5). */
  flushSeconds: number;
  /** How far before its cursor a resumed connection starts, for a gapless resume (default 5 s). */
  overlapSeconds: number;
  /** A first event this much newer than asked means the server no longer had the cursor (default 60 s). */
  gapToleranceSeconds: number;
  /** An hour is sealed once the stream is this far past its end (default 120 s). */
  sealGraceSeconds: number;
}

export const DEFAULT_CAPTURE_OPTIONS: CaptureOptions = {
  runSeconds: 60,
  flushSeconds: 5,
  overlapSeconds: 5,
  gapToleranceSeconds: 60,
  sealGraceSeconds: 120,
};

export interface CaptureState {
  url: string;
  languages: LanguageFilter;
  options: CaptureOptions;
  /** The last server time whose events are stored (µs): where the next run resumes. */
  cursor?: number;
  /** The first moment the capture covers (µs): hours before it are not complete. */
  coveredFromUs?: number;
  /** Stretches the server no longer had when asked for them (µs). */
  gaps: { fromUs: number; toUs: number }[];
  /** Hours with stored events, not sealed yet. */
  openHours: string[];
  hoursSealed: number;
  lastSealed?: string;
  /**
   * Hours whose sealing failed for good (their raw events stay in the store): the capture goes on
   * rather than stop receiving because of one hour.
   */
  failedHours?: { hour: string; error: string }[];
  /** Why the last capture run failed (all its retries), when the run after it has not succeeded yet. */
  lastError?: { at: string; message: string };
  lastRun?: { frames: number; seconds: number; reconnects: number; endedAt: string };
  framesTotal: number;
  stopping?: boolean;
}

/** A capture's first state: from `cursor` (covered from there on), or from now. */
export function initialCaptureState(start: {
  url: string;
  languages: LanguageFilter;
  options?: Partial<CaptureOptions>;
  cursor?: number;
}): CaptureState {
  return {
    url: start.url,
    languages: start.languages,
    options: { ...DEFAULT_CAPTURE_OPTIONS, ...start.options },
    cursor: start.cursor,
    coveredFromUs: start.cursor,
    gaps: [],
    openHours: [],
    hoursSealed: 0,
    framesTotal: 0,
  };
}

export type CaptureStatus = Omit<CaptureState, 'options'> & { lagSeconds?: number; eventsPerSecond?: number };

export const stopCaptureSignal = defineSignal('stopCapture');

/** Hours that failed to seal, to seal again after the current run (their raw frames are still stored). */
export const resealHoursSignal = defineSignal<[hours: string[]]>('resealHours');

export const captureStatusQuery = defineQuery<CaptureStatus>('captureStatus');

export interface CaptureInput {
  url: string;
  /** Resume from this server time (µs, inclusive); none: from now. */
  cursor?: number;
  /** Return after this long (the workflow then seals hours and continues). */
  maxSeconds: number;
  /** Write what was received and heartbeat the durable cursor this often. */
  flushSeconds: number;
  /** Reconnect this far before the cursor: events are re-received and dropped as duplicates when sealed. */
  overlapUs: number;
  /** A first event this much newer than the asked cursor means the server no longer had it: a gap. */
  gapToleranceUs: number;
}

export interface CaptureResult {
  /** The last server time whose events are in the store (µs): where to resume. */
  cursor?: number;
  /** Hours (`YYYY-MM-DDTHH`) this run wrote events of. */
  hours: string[];
  /** The server time of the first frame this run received (µs). */
  firstUs?: number;
  /** Asked for a cursor the server had dropped: events between these times are missing. */
  gaps: { fromUs: number; toUs: number }[];
  frames: number;
  reconnects: number;
  seconds: number;
}

export interface SealInput {
  day: Day;
  hour: string;
  languages: LanguageFilter;
  /** Every moment of the hour was captured (no gap, the capture began before it). */
  complete: boolean;
}

/** What sealing an hour tells the capture workflow; the hour's whole count is in its stored manifest. */
export interface LiveHourSealed {
  day: Day;
  hour: string;
  complete: boolean;
  kept: number;
  /** Earlier UTC days whose posts this hour's deletes removed: their shows recompute. */
  affectedDays: Day[];
}
