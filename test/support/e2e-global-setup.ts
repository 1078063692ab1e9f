import { ensureChromium } from './chromium';
import stackSetup from './global-setup';

/** The e2e project needs the local stack and, for the dashboard, a browser. */
export default async function e2eGlobalSetup(): Promise<void> {
  await stackSetup();
  ensureChromium((line) => process.stderr.write(`[browser] ${line}\n`));
}
