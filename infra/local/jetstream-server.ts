import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { JetstreamLogEntry } from '../../simulator/jetstream-log';

/*
 * A local server that speaks the Jetstream protocol (v1 `/subscribe`), serving a stored log: the
 * stand-in for Bluesky's public Jetstream hosts, which this machine cannot reach, in tests and
 * in the demo. A consumer connects to it exactly as to the real service.
 *
 * What it does as the real server does:
 * - `GET /subscribe` upgraded to a WebSocket; one event per text frame, in log order.
 * - `wantedCollections` (repeatable; full NSIDs or prefixes `app.bsky.feed.*`, at most 100; an
 *   invalid NSID is refused with 400) filters commit events only: identity and account events
 *   always come, and so does a commit without a collection.
 * - `wantedDids` (repeatable, at most 10,000; an invalid DID is refused with 400) filters every
 *   kind of event.
 * - `maxMessageSizeBytes`: frames larger are not sent (0, absent or invalid: no limit).
 * - `cursor` (unix µs): replay from the first event with time_us ≥ cursor, then the live tail.
 *   No cursor, or one in the future: the live tail, from the first event after "now". A cursor
 *   older than the retention horizon silently starts at the oldest event kept (no error: the
 *   client must notice the gap). A cursor that is not a whole number is refused with 400.
 * - A subscriber is never slowed by another; backpressure is the socket's.
 *
 * Where it differs, deliberately:
 * - `compress=true` is ignored: frames are always plain JSON text (no zstd dictionary here).
 * - Messages from the client (options_update) and `requireHello` are ignored.
 * - A frame it cannot read (not JSON, no collection, no did) passes every filter: the bad
 *   frames of a generated log reach every subscriber, so that a consumer's defences are tested.
 * - Its clock is an option (`now`): the log is released as the clock passes each event's time_us,
 *   so a consumer replays the released part and then tails. Retention is applied when a client
 *   connects, not to a client that falls behind while connected.
 * - `closeEvery` ends a connection abruptly (terminate, no close frame: the client sees 1006)
 *   after every N frames sent on it, as the real server drops a subscriber whose buffer fills.
 * - `restart()` drops every connection and refuses new ones for a moment, like a redeploy.
 */

export interface JetstreamServerOptions {
  /** The stored log, in server order (time_us not decreasing). */
  log: readonly JetstreamLogEntry[];
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Default 0: a free port, so that tests never collide. */
  port?: number;
  /** Events per second sent to each subscriber; default: as fast as its socket takes them. */
  rate?: number;
  /** The server's clock in unix µs: events with time_us ≤ now() are released. Default: the last event's time_us. */
  now?: () => number;
  /** Abruptly close a connection after every N frames sent on it. */
  closeEvery?: number;
  /** How far back (µs behind now()) the server keeps events; default: the whole log. */
  retentionUs?: number;
  /** How long restart() refuses connections; default 500 ms. */
  restartPauseMs?: number;
  report?: (line: string) => void;
}

/** What one connection asked for and got. */
export interface JetstreamSubscription {
  cursor?: number;
  wantedCollections: string[];
  wantedDids: string[];
  /** time_us of the first event sent on this connection. */
  firstTimeUs?: number;
  lastTimeUs?: number;
  sent: number;
  /** How it ended: closed by the client, cut by closeEvery, dropped by restart() or close(). */
  ended?: 'client' | 'close_every' | 'restart' | 'server_closed';
}

export interface JetstreamServerStats {
  /** Connections accepted, in order. */
  subscriptions: JetstreamSubscription[];
  open: number;
  framesSent: number;
  /** Connections cut by closeEvery. */
  abruptCloses: number;
  restarts: number;
  /** Upgrade requests refused with an HTTP error (bad query, wrong path). */
  refused: number;
}

export interface JetstreamServer {
  /** ws://127.0.0.1:<port>/subscribe */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Drops every connection, refuses connections for `pauseMs`, then serves again on the same port. */
  restart(pauseMs?: number): Promise<void>;
  stats: JetstreamServerStats;
}

/** A clock for `now`: log time `startUs` at the call, running `speed` times as fast as real time. */
export function movingClock(startUs: number, speed = 1): () => number {
  const began = Date.now();
  return () => startUs + Math.floor((Date.now() - began) * 1000 * speed);
}

/** What the server reads of a frame to filter it; undefined when it cannot read it. */
interface FrameInfo {
  bytes: number;
  did?: string;
  collection?: string;
}

function frameInfo(frame: string): FrameInfo {
  const bytes = Buffer.byteLength(frame, 'utf8');
  try {
    const event = JSON.parse(frame) as { did?: unknown; kind?: unknown; commit?: { collection?: unknown } };
    return {
      bytes,
      did: typeof event?.did === 'string' ? event.did : undefined,
      collection:
        event?.kind === 'commit' && typeof event.commit?.collection === 'string' ? event.commit.collection : undefined,
    };
  } catch {
    return { bytes };
  }
}

interface Filter {
  collections?: { exact: Set<string>; prefixes: string[] };
  dids?: Set<string>;
  maxBytes: number;
}

const NSID =
  /^[a-zA-Z]([a-zA-Z0-9-]{0,62})?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+\.[a-zA-Z][a-zA-Z0-9]{0,62}$/;
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;

class BadRequest extends Error {}

function parseFilter(query: URLSearchParams): Filter {
  const filter: Filter = { maxBytes: 0 };
  const collections = [...new Set(query.getAll('wantedCollections'))];
  if (collections.length > 0) {
    if (collections.length > 100) throw new BadRequest('too many wanted collections: > 100');
    filter.collections = { exact: new Set(), prefixes: [] };
    for (const collection of collections) {
      if (collection.endsWith('.*')) filter.collections.prefixes.push(collection.slice(0, -1));
      else if (NSID.test(collection)) filter.collections.exact.add(collection);
      else throw new BadRequest(`invalid collection: ${collection}`);
    }
  }
  const dids = [...new Set(query.getAll('wantedDids'))];
  if (dids.length > 0) {
    if (dids.length > 10_000) throw new BadRequest(`too many wanted DIDs: ${dids.length} > 10000`);
    const bad = dids.find((did) => !DID.test(did));
    if (bad !== undefined) throw new BadRequest(`invalid DID: ${bad}`);
    filter.dids = new Set(dids);
  }
  // As the real server: anything but a positive whole number means no limit.
  const maxBytes = Number(query.get('maxMessageSizeBytes') ?? '0');
  if (Number.isSafeInteger(maxBytes) && maxBytes > 0) filter.maxBytes = maxBytes;
  return filter;
}

function wants(filter: Filter, info: FrameInfo): boolean {
  if (filter.maxBytes > 0 && info.bytes > filter.maxBytes) return false;
  if (filter.dids && info.did !== undefined && !filter.dids.has(info.did)) return false;
  const wanted = filter.collections;
  if (!wanted || info.collection === undefined || info.collection === '') return true;
  return wanted.exact.has(info.collection) || wanted.prefixes.some((prefix) => info.collection!.startsWith(prefix));
}

/** The first index whose time_us is ≥ (or, `after`, >) `timeUs`. */
function firstIndex(log: readonly JetstreamLogEntry[], timeUs: number, after = false): number {
  let low = 0;
  let high = log.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const t = log[middle]!.time_us;
    if (after ? t <= timeUs : t < timeUs) low = middle + 1;
    else high = middle;
  }
  return low;
}

function refuse(socket: Duplex, status: number, reason: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Frames queued in a socket before the sender waits: keeps memory flat for slow readers. */
const HIGH_WATER_BYTES = 1 << 20;
/** Frames sent in one turn of the event loop before yielding to other connections. */
const BATCH = 500;
/** How often a caught-up subscriber looks for newly released events. */
const TAIL_POLL_MS = 20;

export async function startJetstreamServer(options: JetstreamServerOptions): Promise<JetstreamServer> {
  const log = options.log;
  for (let i = 1; i < log.length; i++)
    if (log[i]!.time_us < log[i - 1]!.time_us)
      throw new Error(`the log is not in time order at frame ${i} (${log[i]!.time_us} < ${log[i - 1]!.time_us})`);
  const infos = log.map((entry) => frameInfo(entry.frame));
  const lastTimeUs = log.length > 0 ? log[log.length - 1]!.time_us : 0;
  const now = options.now ?? (() => lastTimeUs);
  const report = options.report ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const stats: JetstreamServerStats = {
    subscriptions: [],
    open: 0,
    framesSent: 0,
    abruptCloses: 0,
    restarts: 0,
    refused: 0,
  };
  const clients = new Map<WebSocket, JetstreamSubscription>();
  const timers = new Set<NodeJS.Timeout | NodeJS.Immediate>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  /** Sends the log to one subscriber from `index`, at the configured rate, until it closes. */
  const serve = (ws: WebSocket, subscription: JetstreamSubscription, filter: Filter, start: number): void => {
    let index = start;
    const began = Date.now();
    const schedule = (delayMs: number): void => {
      const timer: NodeJS.Timeout | NodeJS.Immediate =
        delayMs > 0
          ? setTimeout(() => {
              timers.delete(timer);
              step();
            }, delayMs)
          : setImmediate(() => {
              timers.delete(timer);
              step();
            });
      timers.add(timer);
    };
    const step = (): void => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > HIGH_WATER_BYTES) return schedule(5);
      const released = now();
      // With a rate, the frames due by now (the first at once) less those sent.
      let budget = options.rate
        ? Math.floor(((Date.now() - began) / 1000) * options.rate) + 1 - subscription.sent
        : BATCH;
      budget = Math.min(budget, BATCH);
      while (budget > 0 && index < log.length && log[index]!.time_us <= released) {
        const entry = log[index]!;
        const info = infos[index]!;
        index++;
        if (!wants(filter, info)) continue;
        budget--;
        subscription.sent++;
        subscription.firstTimeUs ??= entry.time_us;
        subscription.lastTimeUs = entry.time_us;
        stats.framesSent++;
        if (options.closeEvery && subscription.sent % options.closeEvery === 0) {
          // Cut the connection once this frame is handed to the socket, so that exactly N arrive.
          ws.send(entry.frame, () => {
            subscription.ended ??= 'close_every';
            stats.abruptCloses++;
            ws.terminate();
          });
          return;
        }
        ws.send(entry.frame);
        if (ws.bufferedAmount > HIGH_WATER_BYTES) break;
      }
      const caughtUp = index >= log.length || log[index]!.time_us > released;
      if (caughtUp) schedule(TAIL_POLL_MS);
      else if (budget <= 0 && options.rate) schedule(Math.max(1, Math.min(50, Math.ceil(1000 / options.rate))));
      else schedule(0);
    };
    step();
  };

  wss.on('connection', (ws: WebSocket, request: http.IncomingMessage) => {
    const query = new URL(request.url ?? '/', 'http://jetstream.local').searchParams;
    const filter = parseFilter(query);
    const cursorText = query.get('cursor');
    const cursor = cursorText === null || cursorText === '' ? undefined : Number(cursorText);
    const subscription: JetstreamSubscription = {
      cursor,
      wantedCollections: query.getAll('wantedCollections'),
      wantedDids: query.getAll('wantedDids'),
      sent: 0,
    };
    stats.subscriptions.push(subscription);
    stats.open++;
    clients.set(ws, subscription);
    ws.on('close', () => {
      subscription.ended ??= 'client';
      stats.open--;
      clients.delete(ws);
    });
    // A client that vanishes mid-send is a normal end here, not a server error.
    ws.on('error', () => undefined);
    const released = now();
    let start: number;
    if (cursor === undefined || cursor > released) start = firstIndex(log, released, true);
    else {
      const oldestKept = options.retentionUs === undefined ? cursor : released - options.retentionUs;
      start = firstIndex(log, Math.max(cursor, oldestKept));
    }
    report(`subscriber ${stats.subscriptions.length}: cursor ${cursor ?? 'none'}, from frame ${start}`);
    serve(ws, subscription, filter, start);
  });

  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://jetstream.local').pathname;
    response.writeHead(path === '/subscribe' ? 426 : 404, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(path === '/subscribe' ? 'expected a WebSocket upgrade\n' : 'not found\n');
  });
  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const url = new URL(request.url ?? '/', 'http://jetstream.local');
    if (url.pathname !== '/subscribe') {
      stats.refused++;
      return refuse(socket, 404, 'Not Found', 'not found\n');
    }
    try {
      parseFilter(url.searchParams);
      const cursor = url.searchParams.get('cursor');
      if (cursor !== null && cursor !== '' && !/^-?\d+$/.test(cursor))
        throw new BadRequest(`invalid cursor: ${cursor}`);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      stats.refused++;
      return refuse(socket, 400, 'Bad Request', `${error.message}\n`);
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const dropAll = (why: JetstreamSubscription['ended']): void => {
    for (const [ws, subscription] of clients) {
      subscription.ended ??= why;
      ws.terminate();
    }
  };

  let closed = false;
  const port = await listen(options.port ?? 0);
  const url = `ws://${host}:${port}/subscribe`;
  report(`Jetstream stand-in on ${url}: ${log.length} frames`);
  return {
    url,
    port,
    stats,
    async restart(pauseMs = options.restartPauseMs ?? 500) {
      stats.restarts++;
      dropAll('restart');
      await stopListening();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      if (closed) return;
      await listen(port);
      report(`restarted after ${pauseMs} ms`);
    },
    async close() {
      closed = true;
      dropAll('server_closed');
      for (const timer of timers) {
        clearTimeout(timer as NodeJS.Timeout);
        clearImmediate(timer as NodeJS.Immediate);
      }
      timers.clear();
      wss.close();
      await stopListening();
    },
  };
}
