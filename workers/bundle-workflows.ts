import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * The workflow bundle written at build time, next to the compiled code. Bundling with webpack
 * when a worker starts costs seconds and leaves a few hundred MB in the worker's resident memory;
 * workers load this file instead.
 */
export const WORKFLOW_BUNDLE = path.join(__dirname, '..', 'workflow-bundle.js');

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quietLogger() });
  fs.writeFileSync(WORKFLOW_BUNDLE, code);
}

function quietLogger() {
  const ignore = (): void => undefined;
  return { trace: ignore, debug: ignore, info: ignore, warn: console.warn, error: console.error, log: ignore };
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
