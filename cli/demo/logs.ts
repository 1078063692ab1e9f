import path from 'node:path';
import type { Config } from '../../config/config';
import { installRuntime } from '../../workers/runtime';

/** Where the demo's own processes log: files under the stack's log folder, beside the services'. */
export interface DemoLogs {
  dir: string;
  worker: string;
  api: string;
  /** The local stack's progress (starting, downloading, healthy). */
  stack: string;
}

/** A path as the user would type it from here. */
export function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/**
 * The demo's logs go to files, so that its terminal shows results: the worker's (and Temporal's
 * own) events one pretty line each in `demo-worker.log`; warnings and errors still reach the
 * terminal, one line each, saying where the details are. Installed before the worker connects.
 */
export function demoLogs(config: Config): DemoLogs {
  const dir = path.join(config.stack.dir, 'logs');
  const logs = {
    dir,
    worker: path.join(dir, 'demo-worker.log'),
    api: path.join(dir, 'demo-api.log'),
    stack: path.join(dir, 'demo-stack.log'),
  };
  installRuntime({
    level: config.logLevel,
    format: 'pretty',
    file: logs.worker,
    warnings: (line) => process.stderr.write(`${line.replace(logs.worker, shown(logs.worker))}\n`),
  });
  return logs;
}
