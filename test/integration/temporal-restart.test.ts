import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { spawnDetached, stopProcessGroup } from '../../infra/local/processes';
import { ensurePythonTools } from '../../infra/local/python-tools';
import { temporalAnswers, temporalDevServer } from '../../infra/local/temporal';
import { echoWorkflow } from './fixtures/smoke-workflow';
import { freePort, testConfig, uniqueId } from '../support/services';

/**
 * Its own Temporal dev server (same pinned binary, other ports, a fresh SQLite file), so that
 * restarting it does not disturb the shared stack.
 */
async function startServer(dbFile: string, port: number, uiPort: number): Promise<number> {
  const { temporal } = await ensurePythonTools(testConfig().stack.dir, () => undefined);
  const pid = await spawnDetached(
    temporalDevServer({ binary: temporal, port, uiPort, dbFile, logFile: `${dbFile}.log` }),
  );
  const deadline = Date.now() + 60_000;
  while (!(await temporalAnswers({ address: `127.0.0.1:${port}` }))) {
    if (Date.now() > deadline) throw new Error(`Temporal did not start; see ${dbFile}.log`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return pid;
}

describe('Temporal dev server with SQLite persistence (real server)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-temporal-'));
  const dbFile = path.join(dir, 'temporal.db');
  let pid: number | undefined;

  afterAll(async () => {
    if (pid) await stopProcessGroup(pid);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('still lists a completed workflow after the server restarts', async () => {
    const [port, uiPort] = [await freePort(), await freePort()];
    const address = `127.0.0.1:${port}`;
    const workflowId = uniqueId('restart');
    const taskQueue = uniqueId('restart-queue');
    pid = await startServer(dbFile, port, uiPort);

    const workerConnection = await NativeConnection.connect({ address });
    const worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: require.resolve('./fixtures/smoke-workflow'),
    });
    let connection = await Connection.connect({ address });
    const result = await worker.runUntil(
      new TemporalClient({ connection }).workflow.execute(echoWorkflow, { taskQueue, workflowId, args: ['hi'] }),
    );
    expect(result).toBe('echo: hi');
    await connection.close();
    await workerConnection.close();

    await stopProcessGroup(pid);
    pid = await startServer(dbFile, port, uiPort);

    connection = await Connection.connect({ address });
    try {
      const client = new TemporalClient({ connection });
      const listed = [];
      for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
        listed.push(execution);
      expect(listed.map((e) => [e.workflowId, e.status.name])).toEqual([[workflowId, 'COMPLETED']]);
      expect(await client.workflow.getHandle(workflowId).result()).toBe('echo: hi');
    } finally {
      await connection.close();
    }
  });
});
