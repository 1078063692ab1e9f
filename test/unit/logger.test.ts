import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../adapters/logger';

/* The one logger factory: what a person reads (one line per event) and what a collector reads (JSON lines). */

describe('createLogger', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-logger-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const events = (logger: ReturnType<typeof createLogger>) => {
    logger.info({ workflowId: 'ingest-day-2019-07-02', attempt: 1, nested: { a: [1, 2] } }, 'hour group preprocessed');
    logger.warn({ error: 'the webhook answered 500\n at line two' }, 'could not notify the shows');
    logger.debug('not at info');
  };

  it('writes one pretty line per event, without the process id every line would repeat', () => {
    const file = path.join(dir, 'pretty.log');
    events(createLogger({ level: 'info', format: 'pretty', file }));
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: hour group preprocessed \{.*"nested":\{"a":\[1,2\]\}\}$/,
    );
    expect(lines[1]).toMatch(/WARN: could not notify the shows/);
    expect(lines.join('\n')).not.toMatch(/"pid"|hostname/);
  });

  it('writes JSON lines for a collector', () => {
    const file = path.join(dir, 'json.log');
    events(createLogger({ level: 'info', format: 'json', file }));
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'hour group preprocessed',
      'could not notify the shows',
    ]);
  });

  it('tells each warning as one short line naming where the details are', () => {
    const file = path.join(dir, 'warnings.log');
    const said: string[] = [];
    events(createLogger({ level: 'info', format: 'pretty', file, warnings: (line) => said.push(line) }));
    expect(said).toEqual([`warning: could not notify the shows: the webhook answered 500 (details in ${file})`]);
    expect(fs.readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(2);
  });
});
