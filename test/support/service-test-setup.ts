import { DefaultLogger, Runtime } from '@temporalio/worker';

// Tests on real services wait for servers, workflows and bulk indexing.
jest.setTimeout(180_000);

// The worker's INFO lines (state changes, bundle sizes) drown test output; warnings still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed by an earlier test file in this jest worker process.
}
