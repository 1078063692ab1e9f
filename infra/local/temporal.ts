import { Connection } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config';
import type { TemporalConnectionOptions } from '../../config/temporal';
import type { LaunchSpec } from './processes';
import { ensurePythonTools } from './python-tools';
import type { LocalService } from './service';

export const TEMPORAL_PORT = 7233;
export const TEMPORAL_UI_PORT = 8233;

export interface DevServerOptions {
  binary: string;
  port: number;
  uiPort: number;
  dbFile: string;
  logFile: string;
}

/** `temporal server start-dev` on loopback, persisting to SQLite so workflows survive a restart. */
export function temporalDevServer(options: DevServerOptions): LaunchSpec {
  return {
    command: options.binary,
    args: [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--ui-port',
      String(options.uiPort),
      '--db-filename',
      options.dbFile,
      '--log-level',
      'warn',
      '--ui-disable-news-fetch',
    ],
    cwd: path.dirname(options.dbFile),
    logFile: options.logFile,
  };
}

/** True when a Temporal frontend answers on this connection (address, TLS, API key) within the timeout. */
export async function temporalAnswers(options: TemporalConnectionOptions, timeoutMs = 2000): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ ...options, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}

export function temporalService(config: Config): LocalService {
  const stackDir = config.stack.dir;
  return {
    name: 'temporal',
    externalBecause: config.temporal.external ? `TEMPORAL_ADDRESS=${config.temporal.address}` : undefined,
    port: TEMPORAL_PORT,
    endpoints: config.temporal.external
      ? { gRPC: config.temporal.address }
      : { gRPC: config.temporal.address, 'Web UI': `http://localhost:${TEMPORAL_UI_PORT}` },
    readyTimeoutMs: 60_000,
    isHealthy: () => temporalAnswers(config.temporal.connection),
    async prepare(log) {
      const tools = await ensurePythonTools(stackDir, log);
      const dataDir = path.join(stackDir, 'temporal');
      fs.mkdirSync(dataDir, { recursive: true });
      return temporalDevServer({
        binary: tools.temporal,
        port: TEMPORAL_PORT,
        uiPort: TEMPORAL_UI_PORT,
        dbFile: path.join(dataDir, 'temporal.db'),
        logFile: path.join(stackDir, 'logs', 'temporal.log'),
      });
    },
  };
}
