import { WebSocket } from 'ws';
import { generateJetstreamSample } from '../../simulator/jetstream';
import type { JetstreamLogEntry } from '../../simulator/jetstream-log';
import { redateShows } from '../../simulator/redate-shows';
import {
  movingClock,
  startJetstreamServer,
  type JetstreamServer,
  type JetstreamServerOptions,
} from '../../infra/local/jetstream-server';

/*
 * A local server that speaks the Jetstream protocol, serving a generated log: what a client
 * receives is checked frame by frame against the log, filtered here by the protocol's rules.
 */

const POST = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.repost';
const LOG: JetstreamLogEntry[] = generateJetstreamSample({
  fromHour: '2026-03-10T12',
  hours: 1,
  postsPerMinute: 10,
  // A seed whose hour has bad frames of every kind (two each).
  seed: 10,
  shows: redateShows('2026-03-10'),
}).frames;

interface Parsed {
  did?: unknown;
  time_us?: unknown;
  kind?: unknown;
  commit?: { collection?: unknown };
}
function parsed(frame: string): Parsed | undefined {
  try {
    return JSON.parse(frame) as Parsed;
  } catch {
    return undefined;
  }
}
/** The collection of a commit frame; undefined for other kinds and frames that cannot be read. */
function collectionOf(frame: string): string | undefined {
  const event = parsed(frame);
  return event?.kind === 'commit' && typeof event.commit?.collection === 'string' ? event.commit.collection : undefined;
}
/** The time_us a client can read from a frame, if any. */
function timeOf(frame: string): number | undefined {
  const time = parsed(frame)?.time_us;
  return typeof time === 'number' ? time : undefined;
}

interface Client {
  ws: WebSocket;
  frames: string[];
  opened: Promise<void>;
  closed: Promise<number>;
  /** Resolves once `count` frames have arrived. */
  received(count: number, timeoutMs?: number): Promise<void>;
}

function connect(server: JetstreamServer, query = ''): Client {
  const ws = new WebSocket(`${server.url}${query}`);
  const frames: string[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  ws.on('message', (data: Buffer) => {
    frames.push(data.toString('utf8'));
    if (waiting && frames.length >= waiting.count) waiting.resolve();
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (request, response) => {
      request.destroy();
      reject(new Error(`HTTP ${response.statusCode}`));
    });
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const received = (count: number, timeoutMs = 10_000): Promise<void> =>
    frames.length >= count
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`received ${frames.length} frames, expected ${count}`)),
            timeoutMs,
          );
          // A wait that lost a race must not keep the test run alive.
          timer.unref();
          waiting = {
            count,
            resolve: () => {
              clearTimeout(timer);
              resolve();
            },
          };
        });
  return { ws, frames, opened, closed, received };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a local server that speaks the Jetstream protocol (stand-in for Bluesky Jetstream)', () => {
  let server: JetstreamServer | undefined;
  const start = async (options: Partial<JetstreamServerOptions> = {}): Promise<JetstreamServer> =>
    (server = await startJetstreamServer({ log: LOG, ...options }));
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves a log of every kind of frame on ws://127.0.0.1:<free port>/subscribe', async () => {
    const { url } = await start();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/subscribe$/);
    const kinds = new Set(LOG.map((e) => parsed(e.frame)?.kind ?? 'unreadable'));
    expect([...kinds].sort()).toEqual(['account', 'commit', 'identity', 'unreadable']);
  });

  it('replays exactly the events from the cursor on, filtered by collection; identity and account always come', async () => {
    await start();
    const from = 300;
    const expected = LOG.slice(from)
      .map((e) => e.frame)
      .filter((frame) => [undefined, POST, REPOST].includes(collectionOf(frame)));
    const kinds = new Set(expected.map((frame) => parsed(frame)?.kind));
    expect(kinds.has('identity') && kinds.has('account')).toBe(true);
    const client = connect(
      server!,
      `?wantedCollections=${POST}&wantedCollections=${REPOST}&cursor=${LOG[from]!.time_us}`,
    );
    await client.received(expected.length);
    await sleep(150);
    expect(client.frames.length).toBe(expected.length);
    expect(client.frames).toEqual(expected);
    client.ws.close();
    expect(await client.closed).toBe(1005);
    expect(server!.stats.subscriptions[0]).toMatchObject({
      cursor: LOG[from]!.time_us,
      wantedCollections: [POST, REPOST],
      sent: expected.length,
      firstTimeUs: LOG[from]!.time_us,
      ended: 'client',
    });
  });

  it('takes collection prefixes (app.bsky.feed.*), dids and a maximum message size', async () => {
    await start();
    const feed = LOG.map((e) => e.frame).filter((frame) => {
      const collection = collectionOf(frame);
      return collection === undefined || collection.startsWith('app.bsky.feed.');
    });
    expect(feed.some((frame) => collectionOf(frame) === 'app.bsky.feed.like')).toBe(true);
    const prefixed = connect(server!, `?wantedCollections=app.bsky.feed.*&cursor=${LOG[0]!.time_us}`);
    await prefixed.received(feed.length);

    const did = parsed(LOG.find((e) => collectionOf(e.frame) === POST)!.frame)!.did as string;
    const byDid = LOG.map((e) => e.frame).filter((frame) => {
      const event = parsed(frame);
      return typeof event?.did !== 'string' || event.did === did;
    });
    const single = connect(server!, `?wantedDids=${did}&cursor=${LOG[0]!.time_us}`);
    await single.received(byDid.length);

    const small = LOG.map((e) => e.frame).filter((frame) => Buffer.byteLength(frame) <= 65_536);
    expect(small.length).toBeLessThan(LOG.length);
    const capped = connect(server!, `?maxMessageSizeBytes=65536&cursor=${LOG[0]!.time_us}`);
    await capped.received(small.length);

    await sleep(150);
    expect([prefixed.frames, single.frames, capped.frames]).toEqual([feed, byDid, small]);
  });

  it('closes abruptly (1006) after every closeEvery frames sent', async () => {
    await start({ closeEvery: 100 });
    const client = connect(server!, `?cursor=${LOG[0]!.time_us}`);
    expect(await client.closed).toBe(1006);
    expect(client.frames).toEqual(LOG.slice(0, 100).map((e) => e.frame));
    expect(server!.stats).toMatchObject({ abruptCloses: 1, framesSent: 100, open: 0 });
    expect(server!.stats.subscriptions[0]!.ended).toBe('close_every');
  });

  it('loses nothing when a client reconnects from the last time_us it read, skipping what it already has', async () => {
    await start({ closeEvery: 97 });
    const all: string[] = [];
    let cursor = LOG[0]!.time_us;
    /** Frames read after the one at `cursor`: they come again after it on reconnecting. */
    let sinceCursor = -1;
    while (all.length < LOG.length) {
      const client = connect(server!, `?cursor=${cursor}`);
      const again = sinceCursor + 1;
      // Cut by closeEvery, or the rest of the log arrived (the last connection is not cut).
      await Promise.race([client.closed, client.received(again + LOG.length - all.length)]);
      client.ws.close();
      // The frame at the cursor comes again (the cursor is inclusive), then those read after it.
      expect(client.frames.slice(0, again)).toEqual(all.slice(all.length - again));
      all.push(...client.frames.slice(again));
      let lastTimed = client.frames.length - 1;
      while (timeOf(client.frames[lastTimed]!) === undefined) lastTimed--;
      cursor = timeOf(client.frames[lastTimed]!)!;
      sinceCursor = client.frames.length - 1 - lastTimed;
      if (server!.stats.subscriptions.length > 40) throw new Error('no progress');
    }
    expect(all).toEqual(LOG.map((e) => e.frame));
    expect(server!.stats.subscriptions.length).toBe(connectionsNeeded(LOG, 97));
    expect(server!.stats.abruptCloses).toBe(server!.stats.subscriptions.length - 1);
  });

  it('starts a cursor older than its retention at the oldest event kept, silently', async () => {
    const retentionUs = 20 * 60 * 1_000_000;
    await start({ retentionUs });
    const oldest = LOG.findIndex((e) => e.time_us >= LOG.at(-1)!.time_us - retentionUs);
    const client = connect(server!, `?cursor=${LOG[0]!.time_us}`);
    await client.received(LOG.length - oldest);
    await sleep(100);
    expect(client.frames).toEqual(LOG.slice(oldest).map((e) => e.frame));
    // The client sees the gap only by the time of what it gets: 40 minutes after its cursor.
    expect(Math.round((LOG[oldest]!.time_us - LOG[0]!.time_us) / 60_000_000)).toBe(40);
  });

  it('releases the log as its clock moves: a live tail without cursor, a replay that catches up and tails', async () => {
    let now = LOG[99]!.time_us;
    await start({ now: () => now });
    const live = connect(server!);
    const replay = connect(server!, `?cursor=${LOG[50]!.time_us}`);
    await live.opened;
    await replay.received(50);
    await sleep(100);
    expect([live.frames.length, replay.frames.length]).toEqual([0, 50]);
    now = LOG[199]!.time_us;
    await live.received(100);
    await replay.received(150);
    await sleep(100);
    expect(live.frames).toEqual(LOG.slice(100, 200).map((e) => e.frame));
    expect(replay.frames).toEqual(LOG.slice(50, 200).map((e) => e.frame));
    // A cursor in the future is a live tail too.
    const future = connect(server!, `?cursor=${LOG.at(-1)!.time_us}`);
    await future.opened;
    now = LOG[209]!.time_us;
    await future.received(10);
    expect(future.frames).toEqual(LOG.slice(200, 210).map((e) => e.frame));
  });

  it('sends at the rate asked', async () => {
    await start({ rate: 200 });
    const began = Date.now();
    const client = connect(server!, `?cursor=${LOG[0]!.time_us}`);
    await client.received(61);
    // 61 frames at 200/s: the first at once, the 61st 300 ms later.
    expect(Date.now() - began).toBeGreaterThanOrEqual(280);
    expect(client.frames).toEqual(LOG.slice(0, client.frames.length).map((e) => e.frame));
  });

  it('drops every client on restart, refuses connections for a moment, then serves again', async () => {
    await start({ rate: 100 });
    const client = connect(server!, `?cursor=${LOG[0]!.time_us}`);
    await client.received(5);
    const restarted = server!.restart(400);
    expect(await client.closed).toBe(1006);
    await sleep(50);
    const refused = connect(server!, `?cursor=${LOG[0]!.time_us}`);
    await expect(refused.opened).rejects.toThrow(/ECONNREFUSED/);
    await restarted;
    const again = connect(server!, `?cursor=${LOG[0]!.time_us}`);
    await again.received(5);
    expect(again.frames.slice(0, 5)).toEqual(LOG.slice(0, 5).map((e) => e.frame));
    expect(server!.stats.restarts).toBe(1);
    expect(server!.stats.subscriptions.map((s) => s.ended)).toEqual(['restart', undefined]);
  });

  it('refuses a bad subscription with the HTTP status the real server gives', async () => {
    await start();
    for (const [query, status] of [
      ['?wantedCollections=not-an-nsid', 400],
      ['?wantedDids=alice', 400],
      ['?cursor=yesterday', 400],
    ] as const)
      await expect(connect(server!, query).opened).rejects.toThrow(`HTTP ${status}`);
    const wrongPath = new WebSocket(server!.url.replace('/subscribe', '/firehose'));
    const status = await new Promise((resolve) =>
      wrongPath.once('unexpected-response', (request, response) => {
        request.destroy();
        resolve(response.statusCode);
      }),
    );
    expect([status, server!.stats.refused, server!.stats.subscriptions.length]).toEqual([404, 4, 0]);
  });

  it('has a clock that runs from a log time at a chosen speed', async () => {
    const clock = movingClock(1_000_000, 1000);
    const created = Date.now();
    await sleep(20);
    // Each ms of real time at 1000× is a second of log time; the clock has run at least this long.
    const elapsedMs = Date.now() - created;
    expect(clock() - 1_000_000).toBeGreaterThanOrEqual(elapsedMs * 1_000_000);
    expect(clock() - 1_000_000).toBeLessThan((elapsedMs + 50) * 1_000_000);
  });
});

/**
 * Connections a resuming client needs for a whole log when each is cut after `closeEvery`
 * frames: it resumes at the last frame with a readable time_us, so each brings at most
 * closeEvery - 1 new frames, fewer when it was cut just after unreadable frames.
 */
function connectionsNeeded(log: JetstreamLogEntry[], closeEvery: number): number {
  let connections = 1;
  for (let index = 0; index + closeEvery < log.length; connections++) {
    let last = index + closeEvery - 1;
    while (timeOf(log[last]!.frame) === undefined) last--;
    index = last;
  }
  return connections;
}
