import type { Command } from 'commander';
import { AccessControl } from '../../api/access-control';
import { loadConfig } from '../../config/config';
import { port } from '../arguments';
import { startApi } from '../../api/start';

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('serve the HTTP API: the signed sheet-edit hook, shows and buzz as JSON or CSV, the dashboard')
    .option('--port <n>', 'port (default BUZZ_API_PORT or 8080; 0 picks a free one)', port)
    .option('--host <address>', 'address to listen on (default BUZZ_API_HOST or 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }) => {
      const config = loadConfig();
      const host = options.host ?? config.api.host;
      const api = await startApi(config, options.port ?? config.api.port, host);
      const guarded = new AccessControl(config.api).enabled;
      console.error(
        `API listening on http://${host}:${api.port} (${guarded ? 'access control on' : 'no access control'})`,
      );
      if (!config.webhookSecret) console.error('POST /hooks/sheet-edit is disabled until WEBHOOK_SECRET is set.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await api.close();
    });
}
