import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { isHealthyState, stackUp } from '../infra/local/stack';
import { formatServiceReports } from './output';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('bring the local stack up and show where everything is')
    .action(async () => {
      const config = loadConfig();
      const reports = await stackUp(config, { log: (line) => console.error(line) });
      console.log(formatServiceReports(reports));
      if (!reports.every((r) => isHealthyState(r.state))) {
        process.exitCode = 1;
        return;
      }
      console.log(`\nTemporal Web UI: http://localhost:8233\nElasticsearch:   ${config.elasticsearch.url}`);
      console.log('Stop everything with: npx buzztracker stack down');
    });
}
