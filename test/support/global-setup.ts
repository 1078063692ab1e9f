import { formatServiceReports } from '../../cli/output';
import { loadConfig } from '../../config/config';
import { isHealthyState, stackUp } from '../../infra/local/stack';
import { startedByTests } from './started-services';

/**
 * Brings up the real local stack for integration and e2e tests (with `secure`, the secured
 * services too); reuses whatever already runs.
 */
export async function bringUpStack(secure: boolean): Promise<void> {
  const reports = await stackUp(loadConfig(), { log: (line) => process.stderr.write(`[stack] ${line}\n`), secure });
  startedByTests.add(reports.filter((r) => r.state === 'started').map((r) => r.name));
  if (!reports.every((r) => isHealthyState(r.state))) {
    throw new Error(`The local stack did not come up:\n${formatServiceReports(reports)}`);
  }
}

export default function globalSetup(): Promise<void> {
  return bringUpStack(false);
}
