import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { connectTemporalClient } from '../adapters/temporal-connection';
import type { Client as EsClient } from '@elastic/elasticsearch';
import { createElasticsearchClient } from '../adapters/elasticsearch';
import { deleteIndicesWithPrefix } from '../adapters/elasticsearch-indices';
import { PROJECT_ROOT, loadConfig, type Config } from '../config/config';
import { ensureSearchAttributes } from '../client/search-attributes';
import { registerNamespace } from '../infra/local/namespaces';
import { recordsOf } from '../infra/local/stack';

/** A worker process of the bench, with its peak resident memory. */
export interface WorkerProcess {
  process: ChildProcess;
  /** VmHWM: the highest resident set size the process reached, in MB. */
  peakRssMb(): number;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  /** The last of what the process wrote to stderr (its log). */
  output(): string;
  /** Why the process ended (exit code or signal), or undefined while it runs. */
  ended(): string | undefined;
  stop(): Promise<void>;
}

/**
 * An isolated BuzzTracker for one benchmark on the running local stack: its own Temporal
 * namespace, index prefix and store folder, and worker processes started like `buzztracker worker`.
 */
export interface BenchEnv {
  config: Config;
  env: Record<string, string>;
  temporal: Client;
  es: EsClient;
  storeDir: string;
  /**
   * `cpus`: a `taskset -c` list the worker is confined to (when taskset is installed);
   * `threads`: its member threads (default: its cores); `nodeArgs`: more options for its Node.js
   * (e.g. `--cpu-prof`); `workerArgs`: more options for `buzztracker worker` (e.g. `--no-sentiment`).
   */
  /** `work`, failing with a worker's log as soon as one of the env's workers dies meanwhile. */
  unlessWorkerDies<T>(work: Promise<T>): Promise<T>;
  startWorker(
    maxActivities: number,
    options?: { cpus?: string; threads?: number; nodeArgs?: string[]; workerArgs?: string[] },
  ): Promise<WorkerProcess>;
  close(): Promise<void>;
}

export const WORKER_HEAP_MB = 256;
/**
 * As deployed (infra/k8s/worker.yaml): a bounded heap keeps the worker's memory flat (P6), and
 * V8's parallel garbage-collection helpers only add CPU to a worker whose threads keep the cores
 * busy (docs/benchmarks.md, P1). glibc's malloc keeps an arena per thread that allocates, which
 * MALLOC_ARENA_MAX bounds (P8: a real-size day's peak RSS).
 */
export const WORKER_NODE_FLAGS = [`--max-old-space-size=${WORKER_HEAP_MB}`, '--single-threaded-gc'];
export const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };

/** Characters of a worker's log kept for a report. */
const OUTPUT_KEPT = 64 * 1024;

export async function benchEnv(name: string, settings: Record<string, string> = {}): Promise<BenchEnv> {
  const id = `${name}-${randomUUID().slice(0, 6)}`;
  const storeDir = path.join(loadConfig().stack.dir, 'bench-stores', id);
  const env = {
    TEMPORAL_NAMESPACE: `bench-${id}`,
    BUZZ_TASK_QUEUE: `bench-${id}`,
    BUZZ_INDEX_PREFIX: `bench-${id}`,
    BUZZ_STORE: `file:${storeDir}`,
    LOG_LEVEL: 'info',
    ...settings,
  };
  const config = loadConfig({ ...process.env, ...env });
  const { connection } = await connectTemporalClient(config.temporal);
  await registerNamespace(connection, config.temporal.namespace);
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const es = createElasticsearchClient(config.elasticsearch);
  const workers: WorkerProcess[] = [];
  const stopping = new Set<WorkerProcess>();
  let died: (error: Error) => void = () => undefined;
  const death = new Promise<never>((_, reject) => (died = reject));
  death.catch(() => undefined);
  return {
    unlessWorkerDies: (work) => Promise.race([work, death]),
    config,
    env,
    temporal: new Client({ connection, namespace: config.temporal.namespace }),
    es,
    storeDir,
    async startWorker(maxActivities, options = {}) {
      const args = [
        ...WORKER_NODE_FLAGS,
        ...(options.nodeArgs ?? []),
        path.join(PROJECT_ROOT, 'bin', 'buzztracker.js'),
        'worker',
        '--max-activities',
        String(maxActivities),
        ...(options.threads === undefined ? [] : ['--threads', String(options.threads)]),
        ...(options.workerArgs ?? []),
      ];
      // taskset execs the command: the child's pid is the worker's, for its memory and CPU.
      const pinned = options.cpus !== undefined && hasTaskset();
      const child = spawn(
        pinned ? 'taskset' : process.execPath,
        pinned ? ['-c', options.cpus!, process.execPath, ...args] : args,
        {
          env: { ...process.env, ...env, ...WORKER_ENV },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let output = '';
      child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT)));
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (output.includes('polling task queue')) {
            clearInterval(check);
            resolve();
          }
        }, 100);
        child.once('exit', (code) => {
          clearInterval(check);
          reject(new Error(`worker exited with ${code}: ${output}`));
        });
      });
      const worker: WorkerProcess = {
        process: child,
        cpuSeconds: () => treeCpuSeconds(child.pid!),
        peakRssMb: () =>
          Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
        output: () => output,
        ended: () => (child.exitCode !== null ? `exit code ${child.exitCode}` : (child.signalCode ?? undefined)),
        stop: () =>
          new Promise((resolve) => {
            stopping.add(worker);
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
      child.once('exit', () => {
        if (!stopping.has(worker))
          died(new Error(`worker ${child.pid} died (${worker.ended()}): ${output.slice(-4000)}`));
      });
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.stop()));
      await deleteIndicesWithPrefix(es, config.elasticsearch.indexPrefix);
      await es.close();
      await connection.close();
      fs.rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** Whether `taskset` (util-linux) can confine a process to some cores here. */
export function hasTaskset(): boolean {
  return spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

const CLOCK_TICKS = 100;

/** CPU seconds used by a process and its live descendants (Elasticsearch runs a child JVM). */
export function treeCpuSeconds(root: number): number {
  const stats = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        // Fields after the command name (which may hold spaces): state ppid … utime stime.
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
        return [{ pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
      } catch {
        return [];
      }
    });
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const stat of stats)
      if (tree.has(stat.ppid) && !tree.has(stat.pid)) {
        tree.add(stat.pid);
        grew = true;
      }
  }
  return stats.filter((stat) => tree.has(stat.pid)).reduce((sum, stat) => sum + stat.ticks, 0) / CLOCK_TICKS;
}

/** CPU seconds the local stack's Elasticsearch and Temporal server have used so far. */
export function servicesCpuSeconds(): { elasticsearch: number; temporal: number } {
  const records = recordsOf(loadConfig());
  const cpu = (service: 'elasticsearch' | 'temporal') => {
    const pid = records.read(service)?.pid;
    return pid ? treeCpuSeconds(pid) : 0;
  };
  return { elasticsearch: cpu('elasticsearch'), temporal: cpu('temporal') };
}

export async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}
