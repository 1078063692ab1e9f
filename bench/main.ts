import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import { PROJECT_ROOT } from '../config/config';
import { benchDecoders } from './decoders';

/**
 * `npm run bench [-- --quick]`: benchmarks measured side by side in one run, written to
 * bench/results/<name>.json with the machine they ran on, and printed as a table.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  const decoders = await benchDecoders(
    quick ? { members: 20, linesPerMinute: 600 } : { members: 60, linesPerMinute: 2800 },
  );
  const file = path.join(PROJECT_ROOT, 'bench', 'results', 'decoders.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), quick, machine, ...decoders }, null, 2));
  const table = new Table({
    head: ['P1 decoding', 'seconds', 'MB/s of JSON', 'vs bzip2 -dc'],
    style: { head: [], border: [] },
  });
  for (const r of decoders.results)
    table.push([r.name, r.seconds.toFixed(2), r.mbPerSecond.toFixed(1), r.ratioToBzip2.toFixed(2)]);
  console.log(
    `${(decoders.jsonBytes / 1e6).toFixed(0)} MB of JSON in ${(decoders.compressedBytes / 1e6).toFixed(0)} MB of bz2 members`,
  );
  console.log(table.toString());
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
