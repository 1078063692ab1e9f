import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../config/config';
import { BuzzError, describeError } from '../../domain/errors';
import { elasticsearchServices } from './elasticsearch';
import { RunRecords, isAlive, isRunning, spawnDetached, stopProcessGroup, tailFile } from './processes';
import { s3Service } from './s3';
import { secureElasticsearchService } from './elasticsearch-secure';
import { temporalMtlsService } from './temporal-mtls';
import type { LocalService } from './service';
import { temporalService } from './temporal';

/**
 * - started: this call started it; reused: a server this stack started earlier;
 * - running: something else answers on its address (not ours to stop); external: configured elsewhere;
 * - stopped: `down` stopped it; down: not answering; failed: could not be started.
 */
export type ServiceState = 'started' | 'reused' | 'running' | 'external' | 'stopped' | 'down' | 'failed';

export interface ServiceReport {
  name: string;
  state: ServiceState;
  endpoints: Record<string, string>;
  pid?: number;
  logFile?: string;
  seconds?: number;
  detail?: string;
}

export interface StackOptions {
  log?: (line: string) => void;
  /** Told as each service is up (or failed), with how many there are in all. */
  onReport?: (report: ServiceReport, services: number) => void;
  /** Also the secured front ends: Elasticsearch with security and HTTPS, Temporal over mTLS. */
  secure?: boolean;
}

/** The open stack every command uses by default. */
export function localServices(config: Config): LocalService[] {
  return [temporalService(config), ...elasticsearchServices(config), s3Service(config)];
}

/** The secured services `stack up --secure` adds beside the open ones (they reuse its Temporal and S3). */
export function secureServices(config: Config): LocalService[] {
  return [secureElasticsearchService(config), temporalMtlsService(config)];
}

/** The services a command acts on: the open stack, plus the secured one when asked for or started earlier. */
function servicesFor(config: Config, secure: boolean | undefined): LocalService[] {
  const records = recordsOf(config);
  const extra = secureServices(config).filter((service) => secure || records.read(service.name) !== undefined);
  return [...localServices(config), ...extra];
}

/**
 * The variables that point BuzzTracker at the secured stack (certificate and key files, never
 * their contents); `stack up --secure` writes them to `secure/buzztracker.env` in the stack folder.
 */
export function secureStackEnv(config: Config): Record<string, string> {
  return Object.assign({}, ...secureServices(config).map((service) => service.clientEnv?.() ?? {}));
}

export function secureEnvFile(config: Config): string {
  return path.join(config.stack.dir, 'secure', 'buzztracker.env');
}

/** Where the stack records the processes it started (pid, log file) per service. */
export function recordsOf(config: Config): RunRecords {
  return new RunRecords(path.join(config.stack.dir, 'run'));
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitHealthy(service: LocalService, pid: number, logFile: string): Promise<void> {
  const deadline = Date.now() + service.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (await service.isHealthy()) return;
    if (!isAlive(pid)) {
      throw new BuzzError(
        'service_exited',
        `${service.name} exited while starting. Last lines of ${logFile}:\n${tailFile(logFile)}`,
      );
    }
    await sleep(500);
  }
  throw new BuzzError(
    'service_timeout',
    `${service.name} did not become healthy within ${service.readyTimeoutMs / 1000}s. Last lines of ${logFile}:\n${tailFile(logFile)}`,
  );
}

async function upOne(service: LocalService, records: RunRecords, log: (line: string) => void): Promise<ServiceReport> {
  const began = Date.now();
  const report = (state: ServiceState, extra: Partial<ServiceReport> = {}): ServiceReport => ({
    name: service.name,
    state,
    endpoints: service.endpoints,
    seconds: (Date.now() - began) / 1000,
    ...extra,
  });

  if (service.externalBecause) {
    return (await service.isHealthy())
      ? report('external', { detail: service.externalBecause })
      : report('failed', { detail: `not answering (${service.externalBecause})` });
  }

  const record = records.read(service.name);
  if (record && isRunning(record)) {
    // Ours and alive: it may still be starting after a previous `up` that was interrupted.
    await waitHealthy(service, record.pid, record.logFile);
    await service.afterHealthy?.(log);
    return report('reused', { pid: record.pid, logFile: record.logFile });
  }
  records.remove(service.name);

  if (await service.isHealthy()) return report('running', { detail: 'answering, but not started by this stack' });
  if (await portTaken(service.port)) {
    throw new BuzzError(
      'port_taken',
      `Port ${service.port} is taken by a program that is not a healthy ${service.name}; stop it, or point the configuration at another ${service.name}.`,
    );
  }

  const spec = await service.prepare(log);
  const pid = await spawnDetached(spec);
  records.write({
    service: service.name,
    pid,
    identity: spec.identity ?? spec.command,
    logFile: spec.logFile,
    startedAt: new Date().toISOString(),
  });
  log(`started (pid ${pid}), waiting until healthy`);
  try {
    await waitHealthy(service, pid, spec.logFile);
  } catch (error) {
    await stopProcessGroup(pid, 5_000);
    records.remove(service.name);
    throw error;
  }
  await service.afterHealthy?.(log);
  return report('started', { pid, logFile: spec.logFile });
}

/**
 * Installs what is missing and starts every service that is not already healthy, in parallel.
 * A service that fails is reported as failed; the others still come up and are reported.
 */
export async function stackUp(config: Config, options: StackOptions = {}): Promise<ServiceReport[]> {
  const log = options.log ?? (() => undefined);
  const records = recordsOf(config);
  const services = servicesFor(config, options.secure);
  const reports = await Promise.all(
    services.map(async (service) => {
      const report = await upOne(service, records, (line) => log(`${service.name}: ${line}`)).catch(
        (error): ServiceReport => ({
          name: service.name,
          state: 'failed',
          endpoints: service.endpoints,
          detail: describeError(error),
        }),
      );
      options.onReport?.(report, services.length);
      return report;
    }),
  );
  if (options.secure && reports.every((r) => isHealthyState(r.state))) {
    const file = secureEnvFile(config);
    const lines = Object.entries(secureStackEnv(config)).map(([name, value]) => `${name}=${value}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      ['# Written by `buzztracker stack up --secure`: BuzzTracker on the secured stack.', ...lines, ''].join('\n'),
    );
  }
  return reports;
}

async function downOne(service: LocalService, records: RunRecords): Promise<ServiceReport> {
  const record = records.read(service.name);
  if (!record)
    return { name: service.name, state: 'down', endpoints: service.endpoints, detail: 'not started by this stack' };
  const running = isRunning(record);
  if (running) await stopProcessGroup(record.pid);
  records.remove(service.name);
  return running
    ? {
        name: service.name,
        state: 'stopped',
        endpoints: service.endpoints,
        pid: record.pid,
        logFile: record.logFile,
      }
    : { name: service.name, state: 'down', endpoints: service.endpoints, detail: 'had already exited' };
}

/** Stops the services this stack started, and only those. */
export async function stackDown(config: Config, only?: string[]): Promise<ServiceReport[]> {
  const records = recordsOf(config);
  const services = servicesFor(config, false).filter((service) => !only || only.includes(service.name));
  return Promise.all(services.map((service) => downOne(service, records)));
}

/** `stackUp` for one service only (say, one of the secured ones), with its set-up after it is healthy. */
export function serviceUp(
  config: Config,
  service: LocalService,
  log: (line: string) => void = () => undefined,
): Promise<ServiceReport> {
  return upOne(service, recordsOf(config), log);
}

/** `stackDown` for one service only: stops it when this stack started it. */
export function serviceDown(config: Config, service: LocalService): Promise<ServiceReport> {
  return downOne(service, recordsOf(config));
}

export async function stackStatus(config: Config, options: { secure?: boolean } = {}): Promise<ServiceReport[]> {
  const records = recordsOf(config);
  return Promise.all(
    servicesFor(config, options.secure).map(async (service): Promise<ServiceReport> => {
      const healthy = await service.isHealthy();
      const record = records.read(service.name);
      const ours = record !== undefined && isRunning(record);
      const state: ServiceState = !healthy ? 'down' : service.externalBecause ? 'external' : 'running';
      return {
        name: service.name,
        state,
        endpoints: service.endpoints,
        pid: ours ? record.pid : undefined,
        logFile: ours ? record.logFile : undefined,
        detail: service.externalBecause ?? (healthy && !ours ? 'not started by this stack' : undefined),
      };
    }),
  );
}

export function isHealthyState(state: ServiceState): boolean {
  return state === 'started' || state === 'reused' || state === 'running' || state === 'external';
}
