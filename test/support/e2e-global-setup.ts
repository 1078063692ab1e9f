import { ensureChromium } from './chromium';
import { bringUpStack } from './global-setup';

/** The e2e project needs the local stack with its secured services and, for the dashboard, a browser. */
export default async function e2eGlobalSetup(): Promise<void> {
  await bringUpStack(true);
  ensureChromium((line) => process.stderr.write(`[browser] ${line}\n`));
}
