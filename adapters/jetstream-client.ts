import WebSocket from 'ws';
import { CAPTURED_COLLECTIONS } from '../domain/bluesky';

/** Frames of one Jetstream connection; ends when the server closes the socket (a normal event). */
export interface JetstreamConnection {
  frames: AsyncIterable<string>;
  close(): void;
}

/**
 * Subscribes to a Jetstream endpoint (`wss://…/subscribe`) for posts and reposts, from `cursor`
 * (unix microseconds, inclusive) when given, else from now. Frames are handed over as received;
 * parsing and counting happen when an hour is sealed. Bounded: a consumer that stops reading
 * stops the socket (pause), and the server's own limits apply.
 */
export function connectJetstream(url: string, cursor?: number): JetstreamConnection {
  const target = new URL(url);
  for (const collection of CAPTURED_COLLECTIONS) target.searchParams.append('wantedCollections', collection);
  if (cursor !== undefined) target.searchParams.set('cursor', String(cursor));
  const socket = new WebSocket(target, { maxPayload: 4 * 1024 * 1024, handshakeTimeout: 15_000 });
  const queue: string[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  socket.on('message', (data, isBinary) => {
    queue.push(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
    // Backpressure: stop reading the socket while the consumer is behind.
    if (queue.length > 10_000) socket.pause();
    notify();
  });
  socket.on('close', () => {
    ended = true;
    notify();
  });
  socket.on('error', (error) => {
    failure = error;
    ended = true;
    notify();
  });
  async function* frames(): AsyncGenerator<string> {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift()!;
        if (queue.length < 1_000 && socket.isPaused) socket.resume();
        continue;
      }
      if (ended) {
        if (failure && queue.length === 0) throw failure;
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return { frames: frames(), close: () => socket.terminate() };
}

export const TICK = Symbol('tick');

/**
 * A connection's frames as they come, and TICK whenever the time `tickAt()` gives passes: one
 * timer per tick, not per frame (at thousands of frames a second that matters).
 */
export async function* withTicks(
  frames: AsyncIterable<string>,
  tickAt: () => number,
): AsyncGenerator<string | typeof TICK> {
  const iterator = frames[Symbol.asyncIterator]();
  let next = iterator.next();
  const timer = () =>
    new Promise<typeof TICK>((resolve) => setTimeout(() => resolve(TICK), Math.max(0, tickAt() - Date.now())).unref());
  let tick = timer();
  for (;;) {
    const got = await Promise.race([next, tick]);
    if (got === TICK) {
      tick = timer();
      yield TICK;
    } else if (got.done) return;
    else {
      next = iterator.next();
      yield got.value;
    }
  }
}
