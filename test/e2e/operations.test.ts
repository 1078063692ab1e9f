import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse } from 'yaml';
import type { DayManifest } from '../../domain/ingest-manifests';
import { writeSampleData } from '../../simulator/sample-data';
import { PROJECT_ROOT } from '../../config/config';
import { workflowIds } from '../../contracts/workflow-ids';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { freePort } from '../support/services';
import { startCli } from '../support/cli';

const DAY = '2019-07-03';

/** The value of one Prometheus series (metric name and label text as exported), summed over its label sets. */
function metric(text: string, name: string, labels = ''): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}${labels}`) && /^[^{ ]+(\{[^}]*\})? /.test(line))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * What an operator sees (real stack, the CLI as run by a user): a waiting command that says no
 * worker polls, a retrying activity's failure under the progress, Ctrl-C that leaves the workflow
 * running; a worker's JSON logs with workflow ids, its Prometheus metrics equal to the day's
 * manifest, its health endpoints, and the day found in Temporal's list API by search attribute.
 */
describe('operations: a CLI that never waits in silence, worker logs, metrics, health, search attributes', () => {
  let env: BuzzTestEnv;
  let archives: string;
  /** The worker's /metrics after it ingested the day (test 2), for the alert rules' check. */
  let workerMetrics = '';
  const stoppers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    archives = path.join(env.workDir, 'archives');
    await writeSampleData({
      out: archives,
      from: DAY,
      days: 1,
      linesPerMinute: 4,
      seed: 21,
      format: 'tar',
      hours: [8, 9],
    });
  });

  afterAll(async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    await env?.close();
  });

  it('without a worker, says so within 10 s; Ctrl-C stops following and the workflow runs on', async () => {
    const started = Date.now();
    const ingest = await startCli(
      ['ingest', '--source', `dir:${archives}`, '--from', DAY, '--wait'],
      env.env,
      /No worker is polling/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const { taskQueue, namespace, address } = env.config.temporal;
    expect(ingest.output()).toContain(
      `No worker is polling task queue "${taskQueue}" (namespace "${namespace}" at ${address}): ingest-day-${DAY} waits until one does. Start one with \`buzztracker worker\`.`,
    );
    ingest.process.kill('SIGINT');
    const code = await new Promise((resolve) => ingest.process.once('exit', resolve));
    expect(code).toBe(130);
    const link = `${env.config.temporal.uiUrl}/namespaces/${namespace}/workflows/ingest-day-${DAY}`;
    expect(ingest.output()).toContain(
      `Stopped following; ingest-day-${DAY} runs on: ${link} (run the same command with --wait to follow it again)`,
    );
    const described = await env.temporal.workflow.getHandle(workflowIds.ingestDay(DAY)).describe();
    expect(described.status.name).toBe('RUNNING');
  });

  it('a worker picks it up: JSON logs with the workflow id, metrics equal to the manifest, health', async () => {
    const [metricsPort, healthPort] = [await freePort(), await freePort()];
    const worker = await startCli(
      ['worker', '--metrics-port', String(metricsPort), '--health-port', String(healthPort), '--log-format', 'json'],
      { ...env.env, LOG_LEVEL: 'info' },
      /polling task queue/,
    );
    stoppers.push(worker.stop);
    expect(await (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).json()).toEqual({ status: 'alive' });
    expect(await (await fetch(`http://127.0.0.1:${healthPort}/readyz`)).json()).toEqual({
      status: 'ready',
      state: 'RUNNING',
    });

    const manifest = (await env.temporal.workflow.getHandle(workflowIds.ingestDay(DAY)).result()) as DayManifest;
    expect(manifest.totals.kept).toBeGreaterThan(0);
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    workerMetrics = text;
    const t = manifest.totals;
    expect({
      lines: metric(text, 'buzz_lines_read_total'),
      kept: metric(text, 'buzz_lines_read_total', '{kind="kept"}'),
      filteredOut: metric(text, 'buzz_lines_read_total', '{kind="filtered_out"}'),
      notices: metric(text, 'buzz_lines_read_total', '{kind="notice"}'),
      malformed: metric(text, 'buzz_lines_read_total', '{kind="malformed"}'),
      statusesKept: metric(text, 'buzz_statuses_kept_total'),
      indexed: metric(text, 'buzz_documents_indexed_total'),
      bytesIn: metric(text, 'buzz_archive_bytes_read_total'),
      groups: metric(text, 'buzz_preprocess_seconds_count'),
    }).toEqual({
      lines: t.lines,
      kept: t.kept,
      filteredOut: t.filtered_out,
      notices: t.notices,
      malformed: t.malformed,
      statusesKept: t.kept,
      indexed: t.indexed,
      bytesIn: t.bytes_in,
      groups: 2,
    });
    // The SDK's own metrics come through the same exporter.
    expect(metric(text, 'temporal_workflow_completed_total')).toBeGreaterThanOrEqual(1);

    // The worker's log reaches this process through a pipe, a moment after the workflow's result.
    for (const deadline = Date.now() + 5_000; !worker.output().includes('"day recorded"') && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.trim());
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const groups = records.filter((r) => r.msg === 'hour group preprocessed');
    expect(groups.map((r) => [r.workflowId, r.activityType, r.attempt, r.day, r.group]).sort()).toEqual([
      [`ingest-day-${DAY}`, 'preprocessGroup', 1, DAY, '08'],
      [`ingest-day-${DAY}`, 'preprocessGroup', 1, DAY, '09'],
    ]);
    expect(records.find((r) => r.msg === 'day recorded')).toMatchObject({
      workflowId: `ingest-day-${DAY}`,
      workflowType: 'ingestDay',
      lines: t.lines,
      kept: t.kept,
    });
    expect(lines.join('\n')).not.toContain('taskToken');
  });

  it("finds the day's workflow through the Web UI's list API, filtered by the BuzzDays search attribute", async () => {
    const query = encodeURIComponent(`BuzzDays = '${DAY}'`);
    const url = `${env.config.temporal.uiUrl}/api/v1/namespaces/${env.config.temporal.namespace}/workflows?query=${query}`;
    let ids: string[] = [];
    // Visibility follows the workflow's start by a moment.
    for (const deadline = Date.now() + 10_000; ids.length === 0 && Date.now() < deadline;) {
      const answer = (await (await fetch(url)).json()) as { executions?: { execution: { workflowId: string } }[] };
      ids = (answer.executions ?? []).map((e) => e.execution.workflowId);
      if (ids.length === 0) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(ids).toEqual([`ingest-day-${DAY}`]);
  });

  it('shows a retrying activity’s failure and attempt while it waits', async () => {
    // An archive server that answers 503 to everything: planning the day fails, and is retried.
    const server = http.createServer((_request, response) => response.writeHead(503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stoppers.push(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const day = '2019-07-04';
    const ingest = await startCli(
      ['ingest', '--source', base, '--from', day, '--wait'],
      env.env,
      /planDay of ingest-day-2019-07-04, attempt \d+:/,
    );
    expect(ingest.output()).toContain(
      `  planDay of ingest-day-${day}, attempt 2: [archive_source_failed] ${base}/twitter_stream_2019_07_04.tar answered HTTP 503`,
    );
    ingest.process.kill('SIGINT');
    await new Promise((resolve) => ingest.process.once('exit', resolve));
    await env.temporal.workflow.getHandle(workflowIds.ingestDay(day)).terminate('test over');
  });

  it('has alert rules that read only metrics the worker and the API export', async () => {
    const api = await startCli(['api', '--port', '0'], env.env, /API listening on http:\/\/\S+:\d+/);
    stoppers.push(api.stop);
    const base = /API listening on (http:\/\/\S+:\d+)/.exec(api.output())![1]!;
    await fetch(`${base}/api/shows`);
    const exported = new Set<string>(['up']);
    for (const text of [workerMetrics, await (await fetch(`${base}/api/metrics`)).text()])
      for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm))
        for (const suffix of type === 'histogram' ? ['', '_bucket', '_sum', '_count'] : [''])
          exported.add(`${name}${suffix}`);
    // Counters of failures appear once something has failed.
    for (const name of [
      'temporal_activity_execution_failed_total',
      'temporal_workflow_failed_total',
      'buzz_bulk_items_failed_total',
    ])
      exported.add(name);
    const rules = parse(
      fs.readFileSync(path.join(PROJECT_ROOT, 'infra', 'prometheus', 'buzztracker-rules.yml'), 'utf8'),
    ) as {
      groups: {
        name: string;
        rules: { alert: string; expr: string; labels: { severity: string }; annotations: { summary: string } }[];
      }[];
    };
    const alerts = rules.groups.flatMap((group) => group.rules);
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const rule of alerts) {
      expect([
        rule.alert,
        typeof rule.annotations.summary,
        ['page', 'ticket', 'info'].includes(rule.labels.severity),
      ]).toEqual([expect.stringMatching(/^BuzzTracker/), 'string', true]);
      const names = [...rule.expr.matchAll(/\b((?:buzz|temporal)_[a-z_]+|up)\b(?=[{[( ]|$)/g)].map((m) => m[1]!);
      expect({ alert: rule.alert, unknown: names.filter((name) => !exported.has(name)) }).toEqual({
        alert: rule.alert,
        unknown: [],
      });
    }
  });
});
