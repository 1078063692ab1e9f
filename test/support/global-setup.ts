import { formatServiceReports } from '../../cli/output';
import { loadConfig } from '../../config/config';
import { isHealthyState, stackUp } from '../../infra/local/stack';
import { startedByTests } from './started-services';

/** Brings up the real local stack for integration and e2e tests; reuses whatever already runs. */
export default async function globalSetup(): Promise<void> {
  const reports = await stackUp(loadConfig(), { log: (line) => process.stderr.write(`[stack] ${line}\n`) });
  startedByTests.add(reports.filter((r) => r.state === 'started').map((r) => r.name));
  if (!reports.every((r) => isHealthyState(r.state))) {
    throw new Error(`The local stack did not come up:\n${formatServiceReports(reports)}`);
  }
}
