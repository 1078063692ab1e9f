import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BuzzError } from '../../domain/errors';

/** How a service is launched: the program, its arguments and what it adds to our environment. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd: string;
  logFile: string;
  /** Text that appears in the running process's command line (default: the command), to recognise it later. */
  identity?: string;
}

/** What `stack up` remembers about a process it started, so `down` stops only that. */
export interface RunRecord {
  service: string;
  pid: number;
  identity: string;
  logFile: string;
  startedAt: string;
}

/**
 * Starts a process in its own process group, detached from ours, with stdout and stderr
 * appended to its log file. It outlives the CLI that started it.
 */
export async function spawnDetached(spec: LaunchSpec): Promise<number> {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const log = fs.openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', log, log],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) =>
        reject(
          new BuzzError('spawn_failed', `Could not start ${spec.command} in ${spec.cwd}: ${error.message}`, {
            cause: error,
          }),
        ),
      );
    });
    child.unref();
    return child.pid!;
  } finally {
    fs.closeSync(log);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the pid is alive and still runs what we started (pids get reused). */
export function isRunning(record: RunRecord): boolean {
  if (!isAlive(record.pid)) return false;
  try {
    return fs.readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').includes(record.identity);
  } catch {
    return true;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM to the whole process group, then SIGKILL once the grace period is over. */
export async function stopProcessGroup(pid: number, graceMs = 30_000): Promise<void> {
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(200);
  if (groupAlive(pid)) {
    signal('SIGKILL');
    while (groupAlive(pid)) await sleep(100);
  }
}

export class RunRecords {
  constructor(private readonly dir: string) {}

  private file(service: string): string {
    return path.join(this.dir, `${service}.json`);
  }

  read(service: string): RunRecord | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file(service), 'utf8')) as RunRecord;
    } catch {
      return undefined;
    }
  }

  write(record: RunRecord): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.file(record.service), JSON.stringify(record, null, 2));
  }

  remove(service: string): void {
    fs.rmSync(this.file(service), { force: true });
  }
}

/** The last lines of a log file, to show why a service did not come up. */
export function tailFile(file: string, lines = 15): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
