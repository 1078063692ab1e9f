import path from 'node:path';
import { isHealthyState, type ServiceReport } from '../infra/local/stack';
import { cliTable } from './tables';

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** The stack as a table: one row per service with its state, addresses, pid and log file. */
export function formatServiceReports(reports: ServiceReport[]): string {
  const table = cliTable(['service', 'state', 'where', 'pid', 'log', 'time'], { rules: true });
  for (const r of reports) {
    const where = Object.entries(r.endpoints)
      .map(([label, value]) => `${label}: ${value}`)
      .join('\n');
    table.push([
      r.name,
      r.state,
      where,
      r.pid ?? '',
      r.logFile ? relative(r.logFile) : '',
      r.seconds === undefined ? '' : `${r.seconds.toFixed(1)}s`,
    ]);
  }
  const problems = reports
    .filter((r) => !isHealthyState(r.state) && r.detail)
    .map((r) => `\n${r.name} ${r.state}: ${r.detail}`);
  return table.toString() + problems.join('');
}
