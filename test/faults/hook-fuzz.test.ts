import { pino } from 'pino';
import { createApiServer, type ApiServer } from '../../api/app';
import { sign, signedJsonHeaders } from '../../domain/signature';
import { FileStore } from '../../adapters/file-store';
import { loadConfig } from '../../config/config';
import { Random } from '../../simulator/random';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

const SECRET = 'fuzz-secret-0123456789abcdef';
const REQUESTS = 10_000;
const CONCURRENCY = 16;

/** One malformed or forged request; `signed` ones carry a valid signature over their body. */
function fuzzCase(random: Random, nowSeconds: number): { body: string | Buffer; headers: Record<string, string> } {
  const good = JSON.stringify({
    spreadsheetId: 's',
    sheetName: 'x',
    editedAt: 'now',
    rows: [{ show_name: 'Fuzz', season: '1', launch_date: '2019-07-01', mandatory_search_terms: 'fuzz' }],
  });
  const now = String(nowSeconds);
  const signed = (body: string | Buffer, timestamp = now) => ({
    'content-type': 'application/json',
    'x-buzz-timestamp': timestamp,
    'x-buzz-signature': sign(SECRET, timestamp, body),
  });
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const kinds = [
    () => ({ body: good, headers: { 'content-type': 'application/json' } }),
    () => ({ body: good, headers: { ...signed(good), 'x-buzz-signature': `sha256=${random.hex(64)}` } }),
    () => ({ body: good, headers: { ...signed(good), 'x-buzz-signature': random.alnum(random.int(80)) } }),
    () => ({ body: good, headers: signed(good, String(nowSeconds - 301 - random.int(10_000))) }),
    () => ({ body: good, headers: signed(good, String(nowSeconds + 301 + random.int(10_000))) }),
    () => ({ body: good, headers: { ...signed(good), 'x-buzz-timestamp': random.alnum(12) } }),
    () => ({ body: `${good}x`, headers: signed(good) }),
    () => {
      const body = Buffer.alloc(257 * 1024 + random.int(100_000), 'a');
      return { body, headers: signed(body) };
    },
    () => {
      const body = nested(1_000 + random.int(50_000));
      return { body, headers: signed(body) };
    },
    () => {
      const body = `{"rows": ${nested(5_000)}}`;
      return { body, headers: signed(body) };
    },
    () => {
      const body = random.alnum(random.int(2_000));
      return { body, headers: signed(body) };
    },
    () => {
      const wrong = [
        { rows: 'all' },
        { spreadsheetId: 1, sheetName: [], editedAt: {}, rows: [] },
        { spreadsheetId: 's', sheetName: 'x', editedAt: 'e', rows: [{ show_name: { $ne: 1 } }] },
        { spreadsheetId: 's', sheetName: 'x', editedAt: 'e', rows: Array(501).fill({}) },
        null,
        42,
        'rows',
      ];
      const body = JSON.stringify(random.pick(wrong));
      return { body, headers: signed(body) };
    },
    () => ({
      body: good,
      headers: {
        ...signed(good),
        'content-type': random.pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
        ]),
      },
    }),
  ];
  return random.pick(kinds)();
}

describe('R5: 10,000 fuzzed requests to /hooks/sheet-edit (loopback, bounded)', () => {
  let env: BuzzTestEnv;
  let api: ApiServer;
  let base: string;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const config = loadConfig({ ...process.env, ...env.env, WEBHOOK_SECRET: SECRET });
    api = createApiServer(
      {
        config,
        es: env.es,
        temporal: env.temporal,
        store: new FileStore('file:', env.workDir),
        logger: pino({ level: 'silent' }),
      },
      { hookRatePerMinute: 1_000_000 },
    );
    base = `http://127.0.0.1:${await api.start(0)}`;
  });

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  it('answers every one with a 4xx, starts no workflow, and still serves afterwards', async () => {
    const random = new Random(5);
    const statuses = new Map<number, number>();
    let sent = 0;
    const deadline = Date.now() + 5 * 60_000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < REQUESTS && Date.now() < deadline) {
          sent++;
          const { body, headers } = fuzzCase(random, Math.floor(Date.now() / 1000));
          const response = await fetch(`${base}/hooks/sheet-edit`, { method: 'POST', body, headers }).catch(
            () => undefined,
          );
          const status = response?.status ?? 0;
          await response?.arrayBuffer();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    expect(sent).toBe(REQUESTS);
    const counts = Object.fromEntries(statuses);
    console.info(`answers to ${REQUESTS} fuzzed requests by status: ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).every((status) => Number(status) >= 400 && Number(status) < 500)).toBe(true);
    for (const status of [400, 401, 413, 415]) expect(counts[status]).toBeGreaterThan(0);

    const started = [];
    for await (const workflow of env.temporal.workflow.list()) started.push(workflow.workflowId);
    expect(started).toEqual([]);

    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const body = JSON.stringify({
      spreadsheetId: 's',
      sheetName: 'x',
      editedAt: 'now',
      rows: [{ show_name: 'After', season: '1', launch_date: 'not a date' }],
    });
    const after = await fetch(`${base}/hooks/sheet-edit`, {
      method: 'POST',
      body,
      headers: signedJsonHeaders(SECRET, body),
    });
    expect(after.status).toBe(202);
  });
});
