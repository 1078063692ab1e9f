import { parseArgs } from 'node:util';
import { startTlsProxy } from './tls-proxy';

/** The stack starts the mTLS front end as a process of its own: `node tls-proxy-main.js --listen … --target …`. */
function hostPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
}

const { values } = parseArgs({
  options: {
    listen: { type: 'string' },
    target: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    'client-ca': { type: 'string' },
  },
});
const { listen, target, cert, key } = values;
const clientCa = values['client-ca'];
if (!listen || !target || !cert || !key || !clientCa) {
  console.error('usage: tls-proxy-main --listen host:port --target host:port --cert F --key F --client-ca F');
  process.exit(2);
}
const log = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
startTlsProxy({ listen: hostPort(listen), target: hostPort(target), cert, key, clientCa, log }).catch(
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
process.on('SIGTERM', () => process.exit(0));
