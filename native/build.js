'use strict';
/**
 * Builds the optional libbz2 addon (native/bz2) at `npm ci`, with the node-gyp that npm carries
 * and the headers of the Node.js that runs it (its own include/node, so node-gyp downloads
 * nothing). It needs a C compiler, make, python3 and libbz2's headers (Debian: build-essential,
 * python3, libbz2-dev). Without them it says so and the install goes on: the worker then decodes
 * with libbz2 compiled to WebAssembly, as before.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const addonDir = path.join(__dirname, 'bz2');
const nodeDir = path.resolve(process.execPath, '..', '..');
const nodeGyp = process.env.npm_config_node_gyp;

function skip(reason) {
  console.warn(`BuzzTracker: the libbz2 addon was not built (${reason}); bz2 members are decoded with WebAssembly.`);
  process.exit(0);
}

if (process.env.BUZZ_BZ2_ADDON === 'off') skip('BUZZ_BZ2_ADDON=off');
if (!nodeGyp || !fs.existsSync(nodeGyp)) skip('node-gyp not found: run this through npm');
if (!fs.existsSync(path.join(nodeDir, 'include', 'node', 'node_api.h'))) {
  skip(`no Node.js headers in ${path.join(nodeDir, 'include', 'node')} (Debian: the nodejs package's headers)`);
}
const built = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, '--loglevel=warn'], {
  cwd: addonDir,
  encoding: 'utf8',
});
if (built.status !== 0) {
  const output = `${built.stdout ?? ''}${built.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
  skip(`node-gyp failed; the prerequisites are a C compiler, make, python3 and libbz2-dev:\n${output}`);
}
console.log('BuzzTracker: built the libbz2 addon (native/bz2).');
