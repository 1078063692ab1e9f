import { Context, log } from '@temporalio/activity';
import { connectJetstream } from '../adapters/jetstream-client';
import { hourOfTimeUs } from '../domain/bluesky';
import { BuzzError } from '../domain/errors';
import { hourKey } from '../domain/live-keys';
import type { ActivityDeps } from './deps';
import type { CaptureInput, CaptureResult } from '../contracts/capture';

/** What the heartbeat carries: a retried run resumes from the last durable cursor, not the first. */
interface CaptureProgress {
  cursor?: number;
  hours: string[];
  frames: number;
}

const FAILURES_BEFORE_GIVING_UP = 3;
/**
 * Frames held in memory before they are stored, whatever the flush interval: a fast replay (a
 * server not capped at its usual 5,000 events/s) would otherwise fill the heap between flushes.
 * While a flush writes, the socket's own bound (adapters/jetstream-client.ts) pauses reading.
 */
const FLUSH_BYTES = 16 * 1024 * 1024;

const TIME_US = /"time_us"\s*:\s*(\d{10,})/;

/**
 * Holds the Jetstream WebSocket for a while: writes every frame as received to the store, in
 * parts per hour of the network's clock, and heartbeats the time of the last frame stored (the
 * durable cursor). The server closing the socket is normal: it reconnects from the last frame
 * received minus an overlap. A crashed run is retried from the last heartbeat; what it had
 * received but not stored is received again. Frames are not parsed here (sealing an hour does),
 * except for their time; a frame without one belongs to the hour of the frame before it.
 */
export function captureJetstreamActivity(deps: ActivityDeps) {
  return async (input: CaptureInput): Promise<CaptureResult> => {
    const context = Context.current();
    const resumed = context.info.heartbeatDetails as CaptureProgress | undefined;
    const started = Date.now();
    const progress: CaptureProgress = {
      cursor: resumed?.cursor ?? input.cursor,
      hours: resumed?.hours ?? [],
      frames: resumed?.frames ?? 0,
    };
    const gaps: CaptureResult['gaps'] = [];
    let lastSeenUs = progress.cursor;
    let firstUs: number | undefined;
    let reconnects = 0;
    /** Connections in a row that failed before a frame: the host is down, not just closing on us. */
    let failedInARow = 0;
    let lastFailure: unknown;
    const unreachable = (error: unknown) =>
      // The run fails and Temporal retries it with backoff; `capture status` shows this error.
      new BuzzError('jetstream_unreachable', `${input.url}: ${String(error)}`, { cause: error });
    /** Frames received and not yet stored, by hour, with their time range. */
    let pending = new Map<string, { frames: string[]; firstUs: number; lastUs: number }>();
    let pendingBytes = 0;

    const flush = async (): Promise<void> => {
      const batch = pending;
      pending = new Map();
      pendingBytes = 0;
      let durable = progress.cursor;
      for (const [key, part] of batch) {
        const [day, hour] = key.split('T') as [string, string];
        await deps.liveStore.putPart(day, hour, part.firstUs, part.lastUs, part.frames);
        if (!progress.hours.includes(key)) progress.hours.push(key);
        durable = Math.max(durable ?? 0, part.lastUs);
        progress.frames += part.frames.length;
      }
      progress.cursor = durable;
      context.heartbeat(progress);
    };

    const deadline = started + input.maxSeconds * 1000;
    let nextFlush = Date.now() + input.flushSeconds * 1000;
    while (Date.now() < deadline && !context.cancellationSignal.aborted) {
      const from = lastSeenUs === undefined ? undefined : Math.max(0, lastSeenUs - input.overlapUs);
      const connection = connectJetstream(input.url, from);
      const frames = connection.frames[Symbol.asyncIterator]();
      let next = frames.next();
      let first = true;
      // One timer per flush interval, not per frame: at thousands of frames a second that matters.
      const timer = () =>
        new Promise<'tick'>((resolve) =>
          setTimeout(() => resolve('tick'), Math.max(0, Math.min(nextFlush, deadline) - Date.now())).unref(),
        );
      let tick = timer();
      try {
        for (;;) {
          const got = await Promise.race([next, tick]);
          if (got === 'tick') tick = timer();
          else {
            if (got.done) break;
            next = frames.next();
            const frame = got.value;
            const timeUs = Number(TIME_US.exec(frame)?.[1] ?? lastSeenUs ?? Date.now() * 1000);
            // The server starts an older cursor at its oldest event, silently: the gap shows in the first one.
            if (first && lastSeenUs !== undefined && timeUs > lastSeenUs + input.gapToleranceUs)
              gaps.push({ fromUs: lastSeenUs, toUs: timeUs });
            first = false;
            failedInARow = 0;
            lastSeenUs = Math.max(lastSeenUs ?? 0, timeUs);
            firstUs ??= timeUs;
            const { day, hour } = hourOfTimeUs(timeUs);
            const key = hourKey(day, hour);
            const part = pending.get(key) ?? { frames: [], firstUs: timeUs, lastUs: timeUs };
            part.frames.push(frame);
            pendingBytes += frame.length;
            part.firstUs = Math.min(part.firstUs, timeUs);
            part.lastUs = Math.max(part.lastUs, timeUs);
            pending.set(key, part);
          }
          if (pendingBytes >= FLUSH_BYTES) await flush();
          else if (Date.now() >= nextFlush || Date.now() >= deadline || context.cancellationSignal.aborted) {
            await flush();
            nextFlush = Date.now() + input.flushSeconds * 1000;
            tick = timer();
            if (Date.now() >= deadline || context.cancellationSignal.aborted) break;
          }
        }
      } catch (error) {
        lastFailure = error;
        if (first && ++failedInARow >= FAILURES_BEFORE_GIVING_UP) {
          await flush();
          throw unreachable(error);
        }
        log.warn('the Jetstream connection failed; reconnecting', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      } finally {
        connection.close();
      }
      await flush();
      if (Date.now() < deadline && !context.cancellationSignal.aborted) reconnects++;
    }
    // A short run whose every connection failed: as unreachable as three failures in a row.
    if (firstUs === undefined && failedInARow > 0) throw unreachable(lastFailure);
    return {
      cursor: progress.cursor,
      hours: progress.hours.sort(),
      firstUs,
      gaps,
      frames: progress.frames,
      reconnects,
      seconds: (Date.now() - started) / 1000,
    };
  };
}
