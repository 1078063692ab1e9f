import fs from 'node:fs';
import autocannon from 'autocannon';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { startCli } from '../support/cli';
import { seedShows } from '../support/seeded-shows';

const CONNECTIONS = 50;
const SECONDS = 60;
/** Seconds of the one-client run that measures, in the same test, what this machine serves unloaded. */
const ALONE_SECONDS = 10;
/**
 * The p95 may be at most this many times the mean latency that Little's law gives for 50 clients
 * at the throughput reached (50 ÷ requests per second): a tail, not a machine's speed, so that a
 * slow request blocking the others fails the test on any machine (2.0–2.2 measured).
 */
const TAIL_RATIO_LIMIT = 3;
/**
 * 50 clients must get at least this many times one client's throughput (no collapse under
 * concurrency: 4.4 measured when one client waited on Elasticsearch), unless the machine's cores
 * were the bound: once reads got faster, one client alone kept the API busy enough (107–139
 * requests a second) that two cores could not serve twice as many (1.70 and 1.98 measured, with
 * the cores saturated). A server that serialized its requests would leave them idle.
 */
const THROUGHPUT_RATIO_LIMIT = 2;
/**
 * The machine's share of idle CPU time during the load below which its cores are the bound: 8–13%
 * measured under the 50 clients (the API, Elasticsearch and the load generator share two cores);
 * a server that handled one request at a time would leave about half of them idle.
 */
const SATURATED_IDLE_SHARE = 0.2;
/** How much the API process may grow between the end of the first quarter of the load and its end. */
const RSS_GROWTH_LIMIT_MB = 40;
const HOOK_LIMIT = 120;
const API_HEAP_MB = 128;

/** The API process's resident memory, from the kernel. */
function rssMb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  return Number(line![1]) / 1024;
}

/** The machine's CPU time so far, in clock ticks: idle (with I/O wait) and in all. */
function cpuTicks(): { idle: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3]! + fields[4]!, total: fields.reduce((sum, ticks) => sum + ticks, 0) };
}

/** Nearest-rank percentile of latencies in ms. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * R12 (docs/reliability.md): 50 dashboard clients on loopback for 60 s against the API process
 * (`buzztracker api`), over 50 seeded shows × 36 days: the shows list, a random show's buzz, its
 * CSV export. No request may fail; the tail stays within a ratio of the mean latency and the
 * throughput within a ratio of one client's, both measured in this run (this machine is shared: an
 * absolute latency would measure its neighbours); the process's memory stays flat; and the
 * sheet-edit hook keeps its rate limit meanwhile.
 */
describe('R12: the API under load', () => {
  let env: BuzzTestEnv;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    await seedShows(env);
  });

  afterAll(() => env?.close());

  it('serves 50 clients for 60 s without an error, the tail and throughput within their ratios, memory flat, the hook still limited', async () => {
    const api = await startCli(
      ['api', '--port', '0'],
      // The heap bound a deployed API runs with (infra/k8s/api.yaml): what grows past it is a leak.
      {
        ...env.env,
        WEBHOOK_SECRET: 'load-test-secret-0123456789',
        LOG_LEVEL: 'warn',
        NODE_OPTIONS: `--max-old-space-size=${API_HEAP_MB}`,
      },
      /API listening on http:\/\/\S+:\d+/,
    );
    try {
      const base = /API listening on (http:\/\/\S+:\d+)/.exec(api.output())![1]!;
      const pid = api.process.pid!;
      const rss: { at: number; mb: number }[] = [];
      const sampler = setInterval(() => rss.push({ at: Date.now(), mb: rssMb(pid) }), 1_000);
      /** The dashboard's requests: the shows list, a show's buzz, its CSV export, over a fixed sequence of shows. */
      const run = (connections: number, duration: number, latencies: number[]) => {
        // A linear congruence, so every run asks the same.
        let next = 7;
        const randomShow = () => {
          next = (next * 31 + 17) % 50;
          return `show-${String(next).padStart(2, '0')}:1`;
        };
        return autocannon({
          url: base,
          connections,
          duration,
          requests: [
            { method: 'GET', path: '/api/shows' },
            { method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/shows/${randomShow()}/buzz` }) },
            {
              method: 'GET',
              setupRequest: (request) => ({ ...request, path: `/api/shows/${randomShow()}/buzz?format=csv` }),
            },
          ],
          setupClient: (client) => client.on('response', (_status, _bytes, ms) => latencies.push(ms)),
        });
      };
      const alone = await run(1, ALONE_SECONDS, []);
      const latencies: number[] = [];
      const started = Date.now();
      const ticksBefore = cpuTicks();
      const load = run(CONNECTIONS, SECONDS, latencies);
      // Meanwhile, from the same address: the hook's 121st request within a minute is refused.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const hook: number[] = [];
      for (let i = 0; i < HOOK_LIMIT + 5; i++)
        hook.push(
          (
            await fetch(`${base}/hooks/sheet-edit`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{}',
            })
          ).status,
        );
      const result = await load;
      const ticksAfter = cpuTicks();
      const idleShare = (ticksAfter.idle - ticksBefore.idle) / (ticksAfter.total - ticksBefore.total);
      clearInterval(sampler);

      expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
        errors: 0,
        timeouts: 0,
        non2xx: 0,
      });
      expect(hook).toEqual([...Array(HOOK_LIMIT).fill(401), ...Array(5).fill(429)]);
      const p95 = percentile(latencies, 95);
      const littleMeanMs = (CONNECTIONS / result.requests.average) * 1000;
      const warm = rss.find((s) => s.at - started >= (SECONDS * 1000) / 4)!.mb;
      const peak = Math.max(...rss.map((s) => s.mb));
      const last = rss.at(-1)!.mb;
      process.stdout.write(
        `R12: ${result.requests.total} requests in ${SECONDS} s (${Math.round(result.requests.average)}/s), ` +
          `p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, ` +
          `p99 ${percentile(latencies, 99).toFixed(0)} ms; p95 ÷ (50 ÷ throughput) ${(p95 / littleMeanMs).toFixed(2)}; ` +
          `one client alone ${Math.round(alone.requests.average)}/s (×${(result.requests.average / alone.requests.average).toFixed(2)}); ` +
          `machine idle ${(idleShare * 100).toFixed(0)}% under load; ` +
          `API RSS ${warm.toFixed(0)} MB at 15 s, ${last.toFixed(0)} MB at the end, peak ${peak.toFixed(0)} MB\n`,
      );
      expect(latencies).toHaveLength(result.requests.total);
      expect(alone.errors + alone.non2xx).toBe(0);
      expect(p95 / littleMeanMs).toBeLessThan(TAIL_RATIO_LIMIT);
      const throughputRatio = result.requests.average / alone.requests.average;
      expect(throughputRatio).toBeGreaterThan(1);
      expect({
        scaled: throughputRatio >= THROUGHPUT_RATIO_LIMIT,
        coresSaturated: idleShare < SATURATED_IDLE_SHARE,
      }).not.toEqual({
        scaled: false,
        coresSaturated: false,
      });
      expect(last - warm).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    } finally {
      await api.stop();
    }
  }, 180_000);
});
