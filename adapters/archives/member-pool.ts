import path from 'node:path';
import { Piscina } from 'piscina';
import type { MemberTask, SortedMember } from './member-thread';

/**
 * Worker threads that decode archive members and sort their lines (member-thread.ts), so that a
 * worker process uses as many cores as it is given while its main thread reads the archive and
 * writes the store. Piscina keeps the queue, restarts a thread that dies and fails its task,
 * rather than hand-written worker_threads bookkeeping.
 */
export interface MemberPool {
  readonly threads: number;
  sort(task: MemberTask): Promise<SortedMember>;
  close(): Promise<void>;
}

/** Threads start with the first member and stop after this long without one. */
const IDLE_MS = 30_000;
/**
 * A thread holds one member's text and the objects of the line it parses: far less than this.
 * Bounded, its heap stays small instead of growing lazily while the process has room.
 */
const THREAD_HEAP_MB = 64;

function ownsItsBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

export function createMemberPool(threads: number): MemberPool {
  // Compiled, the thread is the .js next to this file. Tests run the sources: the thread then
  // loads them through the transpiling hook the project's scripts use.
  const fromSources = path.extname(__filename) === '.ts';
  const pool = new Piscina<MemberTask, SortedMember>({
    filename: path.join(__dirname, `member-thread${path.extname(__filename)}`),
    ...(fromSources ? { execArgv: ['--require', path.join(__dirname, '../../test/support/ts-register.js')] } : {}),
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: IDLE_MS,
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: 8 },
  });
  return {
    threads,
    // A member's bytes move to the thread instead of being copied, when nothing else shares them.
    sort: (task) => pool.run(task, ownsItsBuffer(task.bytes) ? { transferList: [task.bytes.buffer] } : {}),
    close: () => pool.destroy(),
  };
}
