import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { isHealthyState, stackDown, stackStatus, stackUp } from '../infra/local/stack';
import { formatServiceReports } from './output';

export function registerStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('install, start and stop the local services (Temporal, Elasticsearch, S3) on loopback');

  stack
    .command('up')
    .description('start every service that is not running yet (installs what is missing on first use)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const reports = await stackUp(config, { log: (line) => console.error(line) });
      console.log(options.json ? JSON.stringify(reports, null, 2) : formatServiceReports(reports));
      if (!reports.every((r) => isHealthyState(r.state))) {
        console.error(
          '\nThe stack is only partly up: see the failures above. `buzztracker stack down` stops what was started.',
        );
        process.exitCode = 1;
      }
    });

  stack
    .command('down')
    .description('stop the services this stack started (never ones it did not start)')
    .argument('[services...]', 'only these services (temporal, elasticsearch, s3)')
    .action(async (services: string[]) => {
      const reports = await stackDown(loadConfig(), services.length > 0 ? services : undefined);
      console.log(formatServiceReports(reports));
    });

  stack
    .command('status')
    .description('report each service; exits 1 when any is down')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const reports = await stackStatus(loadConfig());
      console.log(options.json ? JSON.stringify(reports, null, 2) : formatServiceReports(reports));
      if (!reports.every((r) => isHealthyState(r.state))) process.exitCode = 1;
    });
}
