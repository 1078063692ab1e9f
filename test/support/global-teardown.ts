import { loadConfig } from '../../config/config';
import { stackDown } from '../../infra/local/stack';
import { startedByTests } from './started-services';

/** Stops what the test run started, and nothing that was running before it. */
export default async function globalTeardown(): Promise<void> {
  const started = startedByTests.take();
  if (started.length > 0) await stackDown(loadConfig(), started);
}
