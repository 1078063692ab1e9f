import { pino } from 'pino';
import { createApiServer } from '../api/app';
import { signedJsonHeaders } from '../domain/signature';
import { FileStore } from '../adapters/file-store';
import { loadConfig } from '../config/config';
import { workflowIds } from '../contracts/workflow-ids';
import { lastResultQuery } from '../contracts/shows';
import type { Dataset } from './data';
import { benchEnv } from './env';
import { ingestOnce } from './ingest';

const SECRET = 'bench-secret-0123456789abcdef';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** P5: signed sheet edits through the API until the edited show's buzz shows the new terms. */
export async function benchEditLatency(data: Dataset, edits: number) {
  const env = await benchEnv('p5');
  const config = loadConfig({ ...process.env, ...env.env, WEBHOOK_SECRET: SECRET });
  const api = createApiServer({
    config,
    es: env.es,
    temporal: env.temporal,
    store: new FileStore('file:', env.storeDir),
    logger: pino({ level: 'error' }),
  });
  try {
    await env.startWorker(2);
    await ingestOnce(env, data, data.days[0]!);
    const base = `http://127.0.0.1:${await api.start(0)}`;
    const terms = ['Zephyrine Hollow', 'Marrowdeep affair'];
    const latencies: number[] = [];
    for (let i = 0; i <= edits; i++) {
      const term = terms[i % 2]!;
      const body = JSON.stringify({
        spreadsheetId: 'bench',
        sheetName: 'Shows',
        editedAt: new Date().toISOString(),
        rows: [{ show_name: 'Latency Show', season: '1', launch_date: data.days[0]!, optional_search_terms: term }],
      });
      const started = Date.now();
      const answer = await fetch(`${base}/hooks/sheet-edit`, {
        method: 'POST',
        body,
        headers: signedJsonHeaders(SECRET, body),
      });
      if (answer.status !== 202) throw new Error(`edit refused: ${answer.status} ${await answer.text()}`);
      for (;;) {
        const answer = await fetch(`${base}/api/shows/latency-show:1/buzz`);
        const days = (await answer.json()) as { terms: Record<string, number> }[];
        if (answer.ok && days.length > 0 && days.every((d) => Object.keys(d.terms).join() === term)) break;
        if (Date.now() - started > 60_000) {
          throw new Error(
            `edit ${i} (${term}) not visible after 60 s; last answer: ${JSON.stringify(days).slice(0, 500)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // The first edit starts the show's workflow: not an edit of a running show.
      if (i > 0) latencies.push(Date.now() - started);
    }
    await env.temporal.workflow.getHandle(workflowIds.show('latency-show:1')).query(lastResultQuery);
    return {
      edits: latencies.length,
      p50_ms: percentile(latencies, 50),
      p95_ms: percentile(latencies, 95),
      max_ms: Math.max(...latencies),
      goal_p95_ms: 5000,
    };
  } finally {
    await api.stop();
    await env.close();
  }
}
