import path from 'node:path';
import { loadConfig } from '../../config/config';
import { RunRecords, isRunning } from '../../infra/local/processes';
import { isHealthyState, stackDown, stackUp } from '../../infra/local/stack';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops one service of the local stack (it must be one the stack started) and starts it again after `downMs`. */
export async function outage(service: 'elasticsearch' | 'temporal' | 's3', downMs: number): Promise<void> {
  const config = loadConfig();
  const record = new RunRecords(path.join(config.stack.dir, 'run')).read(service);
  if (!record || !isRunning(record))
    throw new Error(`${service} is not run by the local stack, so this test cannot stop it`);
  await stackDown(config, [service]);
  await sleep(downMs);
  const reports = await stackUp(config);
  if (!reports.every((r) => isHealthyState(r.state)))
    throw new Error(`the stack did not come back: ${reports.map((r) => `${r.name} ${r.state}`).join(', ')}`);
}
