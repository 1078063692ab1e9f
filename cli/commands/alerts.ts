import { Option, type Command } from 'commander';
import { openRepositories } from '../../adapters/repositories';
import { loadConfig } from '../../config/config';
import { ALERT_STATUSES, type AlertStatus } from '../../domain/alerts';
import { alertsTable } from '../tables';

interface AlertsOptions {
  show?: string;
  status?: AlertStatus;
  format: 'table' | 'json';
}

export function registerAlertsCommand(program: Command): void {
  program
    .command('alerts')
    .description(
      'list the spike alerts (days, and hours of the live capture), newest first, and where each delivery stands',
    )
    .option('--show <show_key>', 'only this show season’s alerts')
    .addOption(new Option('--status <status>', 'only alerts in this state').choices(ALERT_STATUSES))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: AlertsOptions) => {
      const config = loadConfig();
      const { repos, close } = openRepositories(config.elasticsearch);
      try {
        const alerts = await repos.alerts.list({
          showKey: options.show,
          status: options.status,
        });
        if (options.format === 'json') console.log(JSON.stringify(alerts, null, 2));
        else if (alerts.length === 0) console.log('No spike alerts.');
        else console.log(alertsTable(alerts));
      } finally {
        await close();
      }
    });
}
