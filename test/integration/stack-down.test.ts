import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { RunRecords, isAlive, spawnDetached, stopProcessGroup } from '../../infra/local/processes';
import { stackDown } from '../../infra/local/stack';
import { temporalAnswers } from '../../infra/local/temporal';
import { elasticsearchAnswers } from '../../infra/local/elasticsearch';
import { testConfig } from '../support/services';

describe('stack down', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-stack-'));
  const config = loadConfig({ BUZZ_STACK_DIR: dir });
  const records = new RunRecords(path.join(dir, 'run'));
  const spawned: number[] = [];

  const sleeper = async (): Promise<number> => {
    const pid = await spawnDetached({
      command: 'sleep',
      args: ['300'],
      cwd: dir,
      logFile: path.join(dir, 'sleep.log'),
    });
    spawned.push(pid);
    return pid;
  };

  afterAll(async () => {
    for (const pid of spawned) if (isAlive(pid)) await stopProcessGroup(pid, 1000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops only the processes its records name, and leaves other servers running', async () => {
    const ours = await sleeper();
    const reusedPid = await sleeper();
    const now = new Date().toISOString();
    records.write({
      service: 's3',
      pid: ours,
      identity: 'sleep',
      logFile: path.join(dir, 'sleep.log'),
      startedAt: now,
    });
    // A record whose pid now belongs to some other program (pid reuse) must not be killed.
    records.write({ service: 'temporal', pid: reusedPid, identity: 'temporal', logFile: '', startedAt: now });

    const reports = await stackDown(config);

    expect(reports.map((r) => [r.name, r.state])).toEqual([
      ['temporal', 'down'],
      ['elasticsearch', 'down'],
      ['s3', 'stopped'],
    ]);
    expect(isAlive(ours)).toBe(false);
    expect(isAlive(reusedPid)).toBe(true);
    expect(records.read('s3')).toBeUndefined();
    // The shared stack, which this call did not start, still answers.
    const shared = testConfig();
    expect(await temporalAnswers(shared.temporal.connection)).toBe(true);
    expect(await elasticsearchAnswers(shared.elasticsearch.url)).toBe(true);
  });
});
