import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { serveUntilSignal } from './serve-until-signal';
import { parseLogLine, type JetstreamLogEntry } from '../../simulator/jetstream-log';
import { movingClock, startJetstreamServer } from './jetstream-server';

/*
 * The Jetstream stand-in as a process of its own, for the demo or a person with a WebSocket
 * client: `node jetstream-server-main.js --log jetstream.ndjson [--port 6008] [--clock first|last|<ISO time>]
 * [--speed 60] [--rate N] [--close-every N] [--retention-hours H]`. The clock starts at the
 * log's first event (everything is then live, released as the clock passes it), its last
 * (everything is history; the default), or a given time, and runs `speed` times real time.
 */
const usage =
  'usage: jetstream-server-main --log FILE [--host H] [--port N] [--clock first|last|ISO] [--speed X] ' +
  '[--rate N] [--close-every N] [--retention-hours H]';

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0)) {
    console.error(`--${name} ${text}: expected a number above 0\n${usage}`);
    process.exit(2);
  }
  return value;
}

async function readLog(file: string): Promise<JetstreamLogEntry[]> {
  const entries: JetstreamLogEntry[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') entries.push(parseLogLine(line));
  return entries;
}

async function main(): Promise<{ close(): Promise<void> }> {
  const { values } = parseArgs({
    options: {
      log: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      clock: { type: 'string' },
      speed: { type: 'string' },
      rate: { type: 'string' },
      'close-every': { type: 'string' },
      'retention-hours': { type: 'string' },
    },
  });
  if (!values.log) {
    console.error(usage);
    process.exit(2);
  }
  const log = await readLog(values.log);
  const clock = values.clock ?? 'last';
  const startUs =
    clock === 'first'
      ? (log[0]?.time_us ?? 0)
      : clock === 'last'
        ? (log[log.length - 1]?.time_us ?? 0)
        : Date.parse(clock) * 1000;
  if (Number.isNaN(startUs)) {
    console.error(`--clock ${clock}: expected first, last or an ISO time\n${usage}`);
    process.exit(2);
  }
  const port = values.port === undefined ? 6008 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '6008') || port > 65535) {
    console.error(`--port ${values.port}: expected a port, 0 to 65535\n${usage}`);
    process.exit(2);
  }
  const retentionHours = positive('retention-hours', values['retention-hours']);
  const server = await startJetstreamServer({
    log,
    host: values.host,
    port,
    now: movingClock(startUs, positive('speed', values.speed) ?? 1),
    rate: positive('rate', values.rate),
    closeEvery: positive('close-every', values['close-every']),
    retentionUs: retentionHours === undefined ? undefined : retentionHours * 3_600_000_000,
    report: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  return server;
}

serveUntilSignal(main);
