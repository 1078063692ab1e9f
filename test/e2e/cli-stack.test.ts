import type { ServiceReport } from '../../infra/local/stack';
import { runCli } from '../support/cli';
import { freePort } from '../support/services';

function states(stdout: string): Record<string, string> {
  return Object.fromEntries((JSON.parse(stdout) as ServiceReport[]).map((r) => [r.name, r.state]));
}

describe('buzztracker stack (CLI on the real local stack)', () => {
  it('a second `stack up` reuses the running services, the secured ones the e2e setup started too', async () => {
    const result = await runCli(['stack', 'up', '--json']);
    expect(result.code).toBe(0);
    const reports = JSON.parse(result.stdout) as ServiceReport[];
    expect(reports.map((r) => r.name)).toEqual([
      'temporal',
      'elasticsearch',
      's3',
      'elasticsearch-secure',
      'temporal-mtls',
    ]);
    for (const report of reports) expect(['reused', 'running', 'external']).toContain(report.state);
    expect(reports[0]!.endpoints).toMatchObject({ gRPC: 'localhost:7233', 'Web UI': 'http://localhost:8233' });
  });

  it('`stack status` exits 0 and reports every service up', async () => {
    const result = await runCli(['stack', 'status', '--json']);
    expect(result.code).toBe(0);
    expect(Object.values(states(result.stdout)).every((s) => s === 'running' || s === 'external')).toBe(true);
  });

  it('`stack status` exits 1 and names the service that is down', async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    const result = await runCli(['stack', 'status'], { ELASTICSEARCH_URL: deadUrl });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/elasticsearch\s*│\s*down/);
    expect(result.stdout).toContain(`elasticsearch down: ELASTICSEARCH_URL=${deadUrl}`);
  });

  it('reports a bad configuration value clearly and exits 2 (bad usage)', async () => {
    const result = await runCli(['stack', 'status'], { ELASTICSEARCH_URL: 'not a url' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'Invalid configuration:\n  ELASTICSEARCH_URL: expected an http(s) URL, or several separated by commas (the nodes of one cluster)\n',
    );
  });
});
