import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { assertProtected, AccessControl } from '../../api/access-control';
import { dashboardRouter } from '../../api/dashboard';
import { createApiServer, type ApiServer } from '../../api/app';
import { FileStore } from '../../adapters/file-store';
import { writeSampleData } from '../../simulator/sample-data';
import type { ApiAccessSettings } from '../../config/config';
import { syncShows } from '../../workflows/sync-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

const TOKEN = 'dashboard-token-0123456789';
const OTHER = 'scripts-token-9876543210';
const SHOW_KEYS = ['glimmer-tide:1', 'quillfeather:3', 'the-marrowdeep-affair:1', 'zephyrine-hollow:2'];

describe('API access control: bearer tokens, the dashboard’s sign-in, a trusted proxy (real Temporal and Elasticsearch)', () => {
  let env: BuzzTestEnv;
  const servers: ApiServer[] = [];
  const logs: string[] = [];
  let clock = Date.now();

  /** An API with these access settings on a free loopback port; its log lines go to `logs`. */
  async function serve(access: Partial<ApiAccessSettings>): Promise<string> {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    const server = createApiServer({
      config: {
        ...env.config,
        api: { ...env.config.api, tokens: [], trustedProxies: [], ...access },
      },
      es: env.es,
      temporal: env.temporal,
      store: new FileStore('file:store', path.join(env.workDir, 'store')),
      logger: pino({ level: 'info' }, sink),
      dashboard: dashboardRouter,
      now: () => clock,
    });
    servers.push(server);
    return `http://127.0.0.1:${await server.start(0)}`;
  }

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    const archives = path.join(env.workDir, 'archives');
    await writeSampleData({
      out: archives,
      from: '2019-07-03',
      days: 1,
      linesPerMinute: 1,
      seed: 3,
      format: 'tar',
      hours: [8],
    });
    await env.startWorker({ maxActivities: 4 });
    await env.temporal.workflow.execute(syncShows, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: 'sync',
      args: [{ sheetUri: `file:${path.join(archives, 'shows.csv')}` }],
    });
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await env?.close();
  });

  it('answers 401 without a valid bearer token, and the shows with one', async () => {
    const base = await serve({ tokens: [TOKEN, OTHER] });
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: TOKEN }] as Record<
      string,
      string
    >[]) {
      const refused = await fetch(`${base}/api/shows`, { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="buzztracker"');
      expect(await refused.json()).toEqual({ error: 'authentication required' });
    }
    for (const token of [TOKEN, OTHER]) {
      const shows = await fetch(`${base}/api/shows`, { headers: { authorization: `Bearer ${token}` } });
      expect(shows.status).toBe(200);
      expect(((await shows.json()) as { show_key: string }[]).map((s) => s.show_key).sort()).toEqual(SHOW_KEYS);
    }
    const session = await fetch(`${base}/api/session`, { headers: { authorization: `Bearer ${OTHER}` } });
    expect(await session.json()).toEqual({ access_control: true, via: 'token', user: 'token #2' });
  });

  it('keeps /api/health open, saying only ok or unavailable without a credential', async () => {
    const base = await serve({ tokens: [TOKEN] });
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok' });
    const detailed = await fetch(`${base}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await detailed.json()).toEqual({ status: 'ok', temporal: true, elasticsearch: true, store: true });
  });

  it('sends the dashboard to its sign-in form, which trades a token for a session cookie', async () => {
    const base = await serve({ tokens: [TOKEN] });
    const page = await fetch(`${base}/`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('login');
    const form = await fetch(`${base}/login`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form method="post" action="login">');

    const signIn = (token: string) =>
      fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
    const refused = await signIn('not-the-token-at-all');
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('That token is not valid.');
    expect(refused.headers.get('set-cookie')).toBeNull();

    const accepted = await signIn(TOKEN);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('./');
    const setCookie = accepted.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^buzz_session=v1\.\d+\.[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; Expires=.*; HttpOnly; SameSite=Strict$/,
    );
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;

    const dashboard = await fetch(`${base}/`, { headers: { cookie } });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<title>BuzzTracker</title>');
    const shows = await fetch(`${base}/api/shows`, { headers: { cookie } });
    expect(shows.status).toBe(200);
    expect(await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()).toEqual({
      access_control: true,
      via: 'session',
      user: 'token #1',
    });

    const tampered = cookie.replace(/v1\.(\d+)\./, (_m, expires: string) => `v1.${Number(expires) + 3600}.`);
    expect((await fetch(`${base}/api/shows`, { headers: { cookie: tampered } })).status).toBe(401);
    // A session lasts 12 hours.
    clock += 12 * 3600 * 1000 + 1000;
    expect((await fetch(`${base}/api/shows`, { headers: { cookie } })).status).toBe(401);
    clock = Date.now();
    // Withdrawing the token ends its sessions: an API with other tokens does not know this one.
    const other = await serve({ tokens: [OTHER] });
    expect((await fetch(`${other}/api/shows`, { headers: { cookie } })).status).toBe(401);
  });

  it('believes the user header of a trusted proxy only, and only from its address', async () => {
    const trusted = await serve({ trustedProxies: ['127.0.0.1'], userHeader: 'x-forwarded-user' });
    const asAlice = { 'x-forwarded-user': 'alice@example.com' };
    expect((await fetch(`${trusted}/api/shows`, { headers: asAlice })).status).toBe(200);
    expect(await (await fetch(`${trusted}/api/session`, { headers: asAlice })).json()).toEqual({
      access_control: true,
      via: 'proxy',
      user: 'alice@example.com',
    });
    expect((await fetch(`${trusted}/api/shows`)).status).toBe(401);
    // Behind a trusted TLS-terminating proxy, the session cookie is for HTTPS only.
    const both = await serve({ tokens: [TOKEN], trustedProxies: ['127.0.0.1'] });
    const signIn = (headers: Record<string, string>) =>
      fetch(`${both}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ token: TOKEN }).toString(),
      });
    expect((await signIn({ 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).toMatch(
      /; Secure; SameSite=Strict$/,
    );
    expect((await signIn({})).headers.get('set-cookie')).not.toContain('Secure');
    // The same header from an address that is not the proxy's is anybody's: refused.
    const elsewhere = await serve({ trustedProxies: ['10.1.2.3'] });
    expect((await fetch(`${elsewhere}/api/shows`, { headers: asAlice })).status).toBe(401);
  });

  it('serves its Prometheus metrics behind access control, by route pattern and status', async () => {
    const base = await serve({ tokens: [TOKEN] });
    expect((await fetch(`${base}/api/metrics`)).status).toBe(401);
    const bearer = { authorization: `Bearer ${TOKEN}` };
    await fetch(`${base}/api/shows/zephyrine-hollow:2/buzz`, { headers: bearer });
    await fetch(`${base}/api/shows/glimmer-tide:1/buzz`, { headers: bearer });
    await fetch(`${base}/hooks/sheet-edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const answer = await fetch(`${base}/api/metrics`, { headers: bearer });
    expect(answer.headers.get('content-type')).toContain('text/plain');
    const text = await answer.text();
    // Two shows, one route pattern: label values do not grow with show keys.
    expect(text).toContain('buzz_api_requests_total{route="/api/shows/:showKey/buzz",method="GET",status="200"} 2');
    // Refused before any route matched: counted, under one label value.
    expect(text).toContain('buzz_api_requests_total{route="unmatched",method="GET",status="401"} 1');
    // No WEBHOOK_SECRET in this API: the hook answers 503, "not configured".
    expect(text).toContain('buzz_api_sheet_edits_total{verdict="not_configured"} 1');
    expect(text).toContain('buzz_api_process_cpu_seconds_total');
  });

  it('logs refusals with their route and status, never a token or a session', () => {
    const all = logs.join('');
    expect(all).toContain('"path":"/api/shows","status":401');
    expect(all).toContain('"reason":"invalid token"');
    for (const secret of [TOKEN, OTHER, 'wrong-token-0123456789', 'not-the-token-at-all', 'buzz_session'])
      expect(all).not.toContain(secret);
  });

  it('refuses a non-loopback address without access control, naming the settings', () => {
    const open: ApiAccessSettings = { tokens: [], trustedProxies: [], userHeader: 'x', allowUnauthenticated: false };
    expect(() => assertProtected('0.0.0.0', open, new AccessControl(open))).toThrow(
      'Refusing to serve the API on 0.0.0.0 without access control: set BUZZ_API_TOKENS (or BUZZ_API_TOKENS_FILE), or BUZZ_API_TRUSTED_PROXY for an authenticating proxy; BUZZ_API_ALLOW_UNAUTHENTICATED=true serves it open',
    );
    for (const host of ['127.0.0.1', '::1', 'localhost'])
      expect(() => assertProtected(host, open, new AccessControl(open))).not.toThrow();
    const optedOut = { ...open, allowUnauthenticated: true };
    expect(() => assertProtected('0.0.0.0', optedOut, new AccessControl(optedOut))).not.toThrow();
    const tokens = { ...open, tokens: [TOKEN] };
    expect(() => assertProtected('0.0.0.0', tokens, new AccessControl(tokens))).not.toThrow();
  });
});
