import { Context, log } from '@temporalio/activity';
import { TICK, connectJetstream, withTicks } from '../adapters/jetstream-client';
import type { CaptureInput, CaptureResult } from '../contracts/capture';
import { CaptureRun, type CaptureProgress } from '../domain/capture-run';
import { BuzzError } from '../domain/errors';
import type { ActivityDeps } from './deps';

/**
 * Frames held in memory before they are stored, whatever the flush interval: a fast replay (a
 * server not capped at its usual 5,000 events/s) would otherwise fill the heap between flushes.
 * While a flush writes, the socket's own bound (adapters/jetstream-client.ts) pauses reading.
 */
const FLUSH_BYTES = 16 * 1024 * 1024;

/**
 * Holds the Jetstream WebSocket for a while: writes every frame as received to the store, in
 * parts per hour of the network's clock (domain/capture-run.ts), and heartbeats the time of the
 * last frame stored (the durable cursor). The server closing the socket is normal: it reconnects
 * from the last frame received minus an overlap. A crashed run is retried from the last
 * heartbeat; what it had received but not stored is received again.
 */
export function captureJetstreamActivity(deps: ActivityDeps) {
  return async (input: CaptureInput): Promise<CaptureResult> => {
    const context = Context.current();
    const resumed = context.info.heartbeatDetails as CaptureProgress | undefined;
    const started = Date.now();
    const run = new CaptureRun(input.cursor, resumed, input.gapToleranceUs);
    const flush = async (): Promise<void> => {
      for (const part of run.takePending()) {
        await deps.liveStore.putPart(part.day, part.hour, part.firstUs, part.lastUs, part.frames);
        run.stored(part);
      }
      context.heartbeat(run.progress);
    };
    // The run fails and Temporal retries it with backoff; `capture status` shows this error.
    const unreachable = (error: unknown) =>
      new BuzzError('jetstream_unreachable', `${input.url}: ${String(error)}`, { cause: error });
    const deadline = started + input.maxSeconds * 1000;
    const over = () => Date.now() >= deadline || context.cancellationSignal.aborted;
    let nextFlush = Date.now() + input.flushSeconds * 1000;
    let reconnects = 0;
    while (!over()) {
      const connection = connectJetstream(input.url, run.resumeFrom(input.overlapUs));
      let first = true;
      try {
        for await (const got of withTicks(connection.frames, () => Math.min(nextFlush, deadline))) {
          if (got !== TICK) {
            run.receive(got, first, Date.now() * 1000);
            first = false;
          }
          if (run.pendingBytes >= FLUSH_BYTES) await flush();
          else if (Date.now() >= nextFlush || over()) {
            await flush();
            nextFlush = Date.now() + input.flushSeconds * 1000;
            if (over()) break;
          }
        }
      } catch (error) {
        if (run.connectionFailed(error, first)) {
          await flush();
          throw unreachable(error);
        }
        log.warn('the Jetstream connection failed; reconnecting', { error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      } finally {
        connection.close();
      }
      await flush();
      if (!over()) reconnects++;
    }
    if (run.neverConnected) throw unreachable(run.lastFailure);
    const { cursor, hours, frames } = run.progress;
    const seconds = (Date.now() - started) / 1000;
    return { cursor, hours: hours.sort(), firstUs: run.firstUs, gaps: run.gaps, frames, reconnects, seconds };
  };
}
