import type { Command } from 'commander';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { BuzzError } from '../../domain/errors';
import {
  isHealthyState,
  localServices,
  secureEnvFile,
  secureServices,
  stackDown,
  stackStatus,
  stackUp,
} from '../../infra/local/stack';
import { formatServiceReports } from '../output';

export function registerStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('install, start and stop the local services (Temporal, Elasticsearch, S3) on loopback');

  stack
    .command('up')
    .description('start every service that is not running yet (installs what is missing on first use)')
    .option('--secure', 'also Elasticsearch with security and HTTPS (9201) and Temporal over mTLS (7234)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean; secure?: boolean }) => {
      const config = loadConfig();
      const reports = await stackUp(config, { log: (line) => console.error(line), secure: options.secure });
      console.log(options.json ? JSON.stringify(reports, null, 2) : formatServiceReports(reports));
      if (!reports.every((r) => isHealthyState(r.state))) {
        console.error(
          '\nThe stack is only partly up: see the failures above. `buzztracker stack down` stops what was started.',
        );
        process.exitCode = 1;
      } else if (options.secure && !options.json) {
        const file = path.relative(process.cwd(), secureEnvFile(config));
        console.error(`\nBuzzTracker on the secured stack: set -a; . ${file}; set +a`);
      }
    });

  stack
    .command('down')
    .description('stop the services this stack started (never ones it did not start)')
    .argument('[services...]', 'only these services (temporal, elasticsearch, s3, elasticsearch-secure, temporal-mtls)')
    .action(async (services: string[]) => {
      const config = loadConfig();
      const known = [...localServices(config), ...secureServices(config)].map((service) => service.name);
      const unknown = services.filter((name) => !known.includes(name));
      if (unknown.length > 0)
        throw new BuzzError('bad_input', `unknown service ${unknown.join(', ')}: expected ${known.join(', ')}`);
      const reports = await stackDown(config, services.length > 0 ? services : undefined);
      console.log(formatServiceReports(reports));
    });

  stack
    .command('status')
    .description('report each service; exits 1 when any is down')
    .option('--secure', 'include the secured services even when they were not started')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean; secure?: boolean }) => {
      const reports = await stackStatus(loadConfig(), { secure: options.secure });
      console.log(options.json ? JSON.stringify(reports, null, 2) : formatServiceReports(reports));
      if (!reports.every((r) => isHealthyState(r.state))) process.exitCode = 1;
    });
}
