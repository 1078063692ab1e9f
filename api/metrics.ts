import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the sheet-edit hook's answer says about the request. */
const HOOK_VERDICTS: Record<number, string> = {
  202: 'accepted',
  400: 'bad_body',
  401: 'bad_signature',
  413: 'too_large',
  415: 'not_json',
  429: 'rate_limited',
  503: 'not_configured',
};

/**
 * The API's own Prometheus metrics (prom-client, the Node standard): requests and their latency
 * by route pattern and status, the sheet-edit hook's verdicts, and the process's own (CPU,
 * memory, event-loop lag). Served at `GET /api/metrics`, behind the API's access control.
 */
export function apiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'buzz_api_' });
  const requests = new Counter({
    name: 'buzz_api_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'buzz_api_request_seconds',
    help: 'HTTP request latency by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const hook = new Counter({
    name: 'buzz_api_sheet_edits_total',
    help: 'sheet-edit notifications by verdict',
    labelNames: ['verdict'] as const,
    registers: [registry],
  });
  return {
    /** `route` is the matched route's pattern (never the raw path: its label values stay few). */
    observe(route: string, method: string, status: number, seconds: number): void {
      const labels = { route, method, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
      if (route === '/hooks/sheet-edit')
        hook.inc({ verdict: HOOK_VERDICTS[status] ?? (status >= 500 ? 'error' : 'refused') });
    },
    contentType: registry.contentType,
    text: () => registry.metrics(),
  };
}

export type ApiMetrics = ReturnType<typeof apiMetrics>;
