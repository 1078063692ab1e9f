import { parseArgs } from 'node:util';
import { serveUntilSignal } from './serve-until-signal';
import { readPageviewsSample } from '../../simulator/pageviews';
import { startWikimediaServer } from './wikimedia-server';

/*
 * The Wikimedia pageviews stand-in as a process of its own, for the demo or a person with curl:
 * `node wikimedia-server-main.js --sample pageviews.json [--host H] [--port 6009]
 * [--max-requests-per-second N]`. The sample is a file written by writePageviewsSample
 * (simulator/pageviews.ts); its last published day is the sample's. Prints the URL to give a
 * client as WIKIMEDIA_API_URL, and each request as it is answered.
 */
const usage = 'usage: wikimedia-server-main --sample FILE [--host H] [--port N] [--max-requests-per-second N]';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

async function main(): Promise<{ close(): Promise<void> }> {
  const { values } = parseArgs({
    options: {
      sample: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'max-requests-per-second': { type: 'string' },
    },
  });
  if (!values.sample) fail('--sample is required');
  const portText = values.port ?? '6009';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail(`--port ${portText}: expected a port, 0 to 65535`);
  const limitText = values['max-requests-per-second'];
  const maxRequestsPerSecond = limitText === undefined ? undefined : Number(limitText);
  if (maxRequestsPerSecond !== undefined && !(maxRequestsPerSecond > 0))
    fail(`--max-requests-per-second ${limitText}: expected a number above 0`);
  const server = await startWikimediaServer({
    sample: readPageviewsSample(values.sample),
    host: values.host,
    port,
    maxRequestsPerSecond,
    report: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(server.url);
  return server;
}

serveUntilSignal(main);
