import type { Dataset } from './data';
import { benchEnv } from './env';
import { ingestOnce } from './ingest';

/** P3: the same day ingested by one worker process, then by two (one activity slot each). */
export async function benchScaling(data: Dataset) {
  const env = await benchEnv('p3');
  try {
    const first = await env.startWorker(1);
    const one = await ingestOnce(env, data, data.days[0]!);
    await env.startWorker(1);
    const two = await ingestOnce(env, data, data.days[0]!);
    const workers = new Set(Object.values(two.manifest.groups).map((g) => g.worker));
    await first.stop();
    return {
      one_worker_seconds: one.seconds,
      two_workers_seconds: two.seconds,
      workers_that_took_groups: workers.size,
      /** Goal ≥ 1.6 on 2 cores. */
      ratio: one.seconds / two.seconds,
    };
  } finally {
    await env.close();
  }
}
