import { hourOfTimeUs } from './bluesky';
import { hourKey } from './live-keys';

/** What a capture run heartbeats: a retried run resumes from the last durable cursor, not the first. */
export interface CaptureProgress {
  cursor?: number;
  /** Hours (`YYYY-MM-DDTHH`) with stored frames. */
  hours: string[];
  frames: number;
}

/** Frames of one hour received and not yet stored, with their time range (µs). */
export interface PendingPart {
  day: string;
  hour: string;
  frames: string[];
  firstUs: number;
  lastUs: number;
}

const TIME_US = /"time_us"\s*:\s*(\d{10,})/;
/** Connections failing in a row before any frame: then the host is down, not just closing on us. */
const FAILURES_BEFORE_GIVING_UP = 3;

/**
 * The bookkeeping of one capture run, frame by frame: where the stream is (the newest time
 * received), the stretches the server no longer had, and the frames not stored yet, by hour of
 * the network's clock. Frames are not parsed here, except for their time; a frame without one
 * belongs to the hour of the frame before it.
 */
export class CaptureRun {
  lastSeenUs: number | undefined;
  firstUs: number | undefined;
  readonly gaps: { fromUs: number; toUs: number }[] = [];
  pendingBytes = 0;
  lastFailure: unknown;
  private pending = new Map<string, PendingPart>();
  private failedInARow = 0;

  readonly progress: CaptureProgress;

  /**
   * A run from `cursor`, or from where a failed attempt of it got to (its last heartbeat).
   * `gapToleranceUs`: a first event this much newer than the cursor asked for means the server no
   * longer had it.
   */
  constructor(
    cursor: number | undefined,
    resumed: CaptureProgress | undefined,
    private readonly gapToleranceUs: number,
  ) {
    this.progress = { cursor: resumed?.cursor ?? cursor, hours: resumed?.hours ?? [], frames: resumed?.frames ?? 0 };
    this.lastSeenUs = this.progress.cursor;
  }

  /** Where the next connection starts: a little before the last frame received, so nothing falls between. */
  resumeFrom(overlapUs: number): number | undefined {
    return this.lastSeenUs === undefined ? undefined : Math.max(0, this.lastSeenUs - overlapUs);
  }

  /** A frame as received; `firstOfConnection` for the first after a (re)connection. */
  receive(frame: string, firstOfConnection: boolean, nowUs: number): void {
    const timeUs = Number(TIME_US.exec(frame)?.[1] ?? this.lastSeenUs ?? nowUs);
    // The server starts an older cursor at its oldest event, silently: the gap shows in the first one.
    if (firstOfConnection && this.lastSeenUs !== undefined && timeUs > this.lastSeenUs + this.gapToleranceUs)
      this.gaps.push({ fromUs: this.lastSeenUs, toUs: timeUs });
    this.failedInARow = 0;
    this.lastSeenUs = Math.max(this.lastSeenUs ?? 0, timeUs);
    this.firstUs ??= timeUs;
    const { day, hour } = hourOfTimeUs(timeUs);
    const key = hourKey(day, hour);
    const part = this.pending.get(key) ?? { day, hour, frames: [], firstUs: timeUs, lastUs: timeUs };
    part.frames.push(frame);
    part.firstUs = Math.min(part.firstUs, timeUs);
    part.lastUs = Math.max(part.lastUs, timeUs);
    this.pending.set(key, part);
    this.pendingBytes += frame.length;
  }

  /** A connection failed; true when the run should give up (it failed before any frame, once too often in a row). */
  connectionFailed(error: unknown, beforeAnyFrame: boolean): boolean {
    this.lastFailure = error;
    return beforeAnyFrame && ++this.failedInARow >= FAILURES_BEFORE_GIVING_UP;
  }

  /** A run whose every connection failed, however short: as unreachable as three failures in a row. */
  get neverConnected(): boolean {
    return this.firstUs === undefined && this.failedInARow > 0;
  }

  /** The frames not stored yet, handed over for storing. */
  takePending(): PendingPart[] {
    const parts = [...this.pending.values()];
    this.pending = new Map();
    this.pendingBytes = 0;
    return parts;
  }

  /** Once a part is stored: its hour has frames, and the cursor may move up to its last frame. */
  stored(part: PendingPart): void {
    const key = hourKey(part.day, part.hour);
    if (!this.progress.hours.includes(key)) this.progress.hours.push(key);
    this.progress.cursor = Math.max(this.progress.cursor ?? 0, part.lastUs);
    this.progress.frames += part.frames.length;
  }
}
