import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { daysBetween, parseDay, type Day } from '../../domain/days';
import { FIRST_PAGEVIEWS_DAY, apiTimestamp } from '../../domain/pageviews';
import type { PageviewsSample } from '../../simulator/pageviews';

/*
 * A local server that speaks the Wikimedia REST pageviews API, serving a generated sample: the
 * stand-in for https://wikimedia.org/api/rest_v1, which this machine cannot reach, in tests and
 * in the demo. Its `url` is the base a client is given instead (WIKIMEDIA_API_URL): the paths
 * hang directly under it.
 *
 * What it does as the real server does:
 * - `GET /metrics/pageviews/per-article/{project}/{access}/{agent}/{article}/daily/{start}/{end}`:
 *   the article's days with views > 0 from start to end, in date order; days of 0 views are
 *   left out. `{article}` is one percent-encoded segment, matched exactly against the title as
 *   stored (underscores, not spaces: the API does not normalise a title).
 * - `GET /metrics/pageviews/aggregate/{project}/{access}/{agent}/daily/{start}/{end}`: one item
 *   per published day of a known project, never 0 views: how a client learns the last day
 *   published.
 * - start and end are `YYYYMMDD` or `YYYYMMDDHH` (the hour, 00–23, is ignored for daily); no
 *   day before 2015-07-01 (where the data begins) and none after the last day published.
 * - An answer that would hold no item is a 404 problem (application/problem+json) whatever the
 *   reason: unknown project or article, only days of 0 views, a range not yet published.
 * - 400 problem for a date that is not one, start after end, an unknown access, agent or
 *   granularity; 403 for a request without a User-Agent (Wikimedia's User-Agent policy); 429
 *   with Retry-After beyond the rate limit.
 *
 * Where it differs, deliberately:
 * - The sample has one count per article and day: every access and agent answers it (the
 *   request's access and agent are echoed in the items).
 * - `monthly` is refused with 400: the sample is daily.
 * - It knows only the sample's days (from..to): outside them it has no data, as if unpublished.
 * - The aggregate of a project is its sample articles' views plus a constant AGGREGATE_BASE_VIEWS,
 *   not the whole wiki's traffic.
 * - Faults on demand, for the tests of a client's defences: throttleNext (a 429 storm),
 *   failNext (e.g. 503), malformNext (a 200 whose body is not the documented shape), and
 *   setLastPublished (the publish lag moves on). A request meets, in this order: the faults
 *   queued by throttleNext and failNext (in the order queued, whatever the request), the rate
 *   limit, the User-Agent check, then its route, where malformNext takes the next per-article or
 *   aggregate paths whatever they would have answered. The rate limit is one sliding second over
 *   the requests it admits, not Wikimedia's.
 * - Only GET: another method is answered 405. The query string is ignored.
 */

/** Added to each day of a project's aggregate: the rest of the wiki, so that no day is 0. */
export const AGGREGATE_BASE_VIEWS = 5_000_000;

export const ACCESS_METHODS = ['all-access', 'desktop', 'mobile-app', 'mobile-web'] as const;
export const AGENT_TYPES = ['all-agents', 'user', 'spider', 'automated'] as const;

export interface WikimediaServerOptions {
  sample: PageviewsSample;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Default 0: a free port, so that tests never collide. */
  port?: number;
  /** The last day published; default the sample's lastPublished. */
  lastPublished?: Day;
  /** Requests admitted in any one second (sliding); beyond it 429 with Retry-After: 1. Default: no limit. */
  maxRequestsPerSecond?: number;
  report?: (line: string) => void;
}

/** One request as the server answered it. */
export interface WikimediaRequest {
  /** The path as received, percent-encoding and query included. */
  path: string;
  status: number;
  /** '' when there was none. */
  userAgent: string;
  /** Unix ms. */
  at: number;
}

export interface WikimediaServer {
  /** http://127.0.0.1:<port>, the base of the API's paths (WIKIMEDIA_API_URL). */
  url: string;
  port: number;
  /** Every request, in the order answered. */
  requests: WikimediaRequest[];
  /** The next `count` requests get 429 with `Retry-After: retryAfterSeconds`. */
  throttleNext(count: number, retryAfterSeconds: number): void;
  /** The next `count` requests get `status` (400–599) with a problem body. */
  failNext(count: number, status: number): void;
  /** The next `count` per-article or aggregate requests get a 200 whose body is not the documented shape. */
  malformNext(count: number): void;
  /** The publish lag moves on (or back): days up to `day` are served. */
  setLastPublished(day: Day): void;
  close(): Promise<void>;
}

/** An answer to send: a status, headers and a body already serialised. */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: string;
  contentType: string;
}

const NOT_FOUND_DETAIL =
  'The date(s) you used are valid, but we either do not have data for those date(s), or the project you asked ' +
  'for is not loaded yet. Please check documentation for more information.';
const USER_AGENT_DETAIL =
  'A descriptive User-Agent header is required (Wikimedia User-Agent policy): name the tool and a way to contact ' +
  'its operator.';

/** The short titles of the problem types this server uses; others come from the status text. */
const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad request.',
  403: 'Forbidden.',
  404: 'Not found.',
  405: 'Method not allowed.',
  429: 'Too many requests.',
};

function problemType(status: number): string {
  const name = (http.STATUS_CODES[status] ?? `status ${status}`).toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `https://mediawiki.org/wiki/HyperSwitch/errors/${name}`;
}

function problem(status: number, detail: string, uri: string, headers?: Record<string, string>): Answer {
  const title = PROBLEM_TITLES[status] ?? `${http.STATUS_CODES[status] ?? 'Error'}.`;
  return {
    status,
    headers,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: problemType(status), title, method: 'get', detail, uri }),
  };
}

function json(body: unknown): Answer {
  return { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

/** A refusal of the request itself; the router turns it into a 400 problem. */
class BadRequest extends Error {}

/** `YYYYMMDD` or `YYYYMMDDHH` (hour 00–23) to its day. */
function parseTimestamp(name: string, text: string): Day {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})?$/.exec(text);
  const invalid = new BadRequest(`${name} timestamp "${text}" is invalid: expected a date as YYYYMMDD or YYYYMMDDHH`);
  if (!match || (match[4] !== undefined && Number(match[4]) > 23)) throw invalid;
  try {
    return parseDay(`${match[1]}-${match[2]}-${match[3]}`);
  } catch {
    throw invalid;
  }
}

function latest(...days: Day[]): Day {
  return days.reduce((a, b) => (a > b ? a : b));
}

function earliest(...days: Day[]): Day {
  return days.reduce((a, b) => (a < b ? a : b));
}

function decodeSegment(name: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequest(`${name} "${segment}" is not valid percent-encoding`);
  }
}

/** What a pageviews path asks for, once checked. */
interface PageviewsQuery {
  project: string;
  access: string;
  agent: string;
  /** Undefined for the aggregate. */
  article?: string;
  start: Day;
  end: Day;
}

function oneOf(name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new BadRequest(`${name} "${value}" is not one of ${allowed.join(', ')}`);
}

/**
 * Checks the segments after `per-article/` or `aggregate/`, in the path's order:
 * project, access, agent, [article,] granularity, start, end.
 */
function parseQuery(segments: readonly string[], withArticle: boolean): PageviewsQuery {
  const [project, access, agent] = ['project', 'access', 'agent'].map((name, i) => decodeSegment(name, segments[i]!));
  oneOf('access', access!, ACCESS_METHODS);
  oneOf('agent', agent!, AGENT_TYPES);
  let article: string | undefined;
  if (withArticle) {
    article = decodeSegment('article', segments[3]!);
    if (article === '') throw new BadRequest('article is empty');
  }
  const [granularity, startText, endText] = segments.slice(withArticle ? 4 : 3);
  if (granularity === 'monthly') throw new BadRequest('granularity "monthly" is not supported here: only daily');
  oneOf('granularity', granularity!, ['daily', 'monthly']);
  const start = parseTimestamp('start', startText!);
  const end = parseTimestamp('end', endText!);
  if (start > end) throw new BadRequest(`start ${startText} is after end ${endText}`);
  return { project: project!, access: access!, agent: agent!, article, start, end };
}

/** The malformed bodies malformNext sends in turn: wrong types, cut short, items not a list. */
const MALFORMED_BODIES = [
  '{"items":[{"timestamp":"2019","views":"many"}]}',
  '{"items":[{"project":"en.wikipedia","granularity":"daily","timestamp":"20240',
  '{"items":"temporarily unavailable"}',
];

function malformedBody(turn: number): string {
  return MALFORMED_BODIES[turn % MALFORMED_BODIES.length]!;
}

/** Edge faults queued by throttleNext and failNext, answered in the order they were queued. */
interface Fault {
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
}

function checkCount(name: string, count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`${name}: count ${count} is not a whole number ≥ 0`);
}

export async function startWikimediaServer(options: WikimediaServerOptions): Promise<WikimediaServer> {
  const sample = options.sample;
  const report = options.report ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const maxPerSecond = options.maxRequestsPerSecond;
  if (maxPerSecond !== undefined && !(maxPerSecond > 0))
    throw new Error(`maxRequestsPerSecond ${maxPerSecond} is not a number above 0`);
  let lastPublished = parseDay(options.lastPublished ?? sample.lastPublished);
  const views = new Map(sample.articles.map((article) => [`${article.project}/${article.title}`, article.views]));
  const projects = new Set(sample.articles.map((article) => article.project));
  const requests: WikimediaRequest[] = [];
  const faults: Fault[] = [];
  let malformRemaining = 0;
  let malformedSent = 0;
  /** When the requests of the last second were admitted (ms), oldest first. */
  const admitted: number[] = [];

  /** The published days from start to end that the sample has; empty when there are none. */
  const publishedDays = (start: Day, end: Day): Day[] => {
    const from = latest(start, FIRST_PAGEVIEWS_DAY, sample.from);
    const to = earliest(end, lastPublished, sample.to);
    return from > to ? [] : daysBetween(from, to);
  };

  const perArticle = (query: PageviewsQuery, uri: string): Answer => {
    const truth = views.get(`${query.project}/${query.article}`);
    const items = truth
      ? publishedDays(query.start, query.end)
          .filter((day) => (truth[day] ?? 0) > 0)
          .map((day) => ({
            project: query.project,
            article: query.article,
            granularity: 'daily',
            timestamp: apiTimestamp(day),
            access: query.access,
            agent: query.agent,
            views: truth[day]!,
          }))
      : [];
    return items.length > 0 ? json({ items }) : problem(404, NOT_FOUND_DETAIL, uri);
  };

  const aggregate = (query: PageviewsQuery, uri: string): Answer => {
    const articles = sample.articles.filter((article) => article.project === query.project);
    const items = projects.has(query.project)
      ? publishedDays(query.start, query.end).map((day) => ({
          project: query.project,
          access: query.access,
          agent: query.agent,
          granularity: 'daily',
          timestamp: apiTimestamp(day),
          views: articles.reduce((sum, article) => sum + (article.views[day] ?? 0), AGGREGATE_BASE_VIEWS),
        }))
      : [];
    return items.length > 0 ? json({ items }) : problem(404, NOT_FOUND_DETAIL, uri);
  };

  /** The answer to a pageviews path, or undefined when the path is not one. */
  const route = (pathname: string): Answer | undefined => {
    const segments = pathname.split('/');
    if (segments[0] !== '' || segments[1] !== 'metrics' || segments[2] !== 'pageviews') return undefined;
    const kind = segments[3];
    const rest = segments.slice(4);
    if (!((kind === 'per-article' && rest.length === 7) || (kind === 'aggregate' && rest.length === 6)))
      return undefined;
    if (malformRemaining > 0) {
      malformRemaining--;
      return { status: 200, contentType: 'application/json; charset=utf-8', body: malformedBody(malformedSent++) };
    }
    try {
      const query = parseQuery(rest, kind === 'per-article');
      return kind === 'per-article' ? perArticle(query, pathname) : aggregate(query, pathname);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      return problem(400, error.message, pathname);
    }
  };

  /** Whether the rate limit admits a request now; an admitted request counts in the window. */
  const admit = (now: number): boolean => {
    if (maxPerSecond === undefined) return true;
    while (admitted.length > 0 && admitted[0]! <= now - 1000) admitted.shift();
    if (admitted.length >= maxPerSecond) return false;
    admitted.push(now);
    return true;
  };

  const answer = (request: http.IncomingMessage, rawPath: string, userAgent: string, now: number): Answer => {
    const pathname = rawPath.split('?')[0]!;
    const fault = faults[0];
    if (fault) {
      if (--fault.remaining <= 0) faults.shift();
      const headers =
        fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) };
      return problem(fault.status, `injected fault: ${fault.status}`, pathname, headers);
    }
    if (!admit(now))
      return problem(429, `more than ${maxPerSecond} requests in one second`, pathname, { 'Retry-After': '1' });
    if (userAgent === '') return problem(403, USER_AGENT_DETAIL, pathname);
    if (request.method !== 'GET')
      return problem(405, `${request.method} is not allowed: only GET`, pathname, { Allow: 'GET' });
    return route(pathname) ?? problem(404, `no route for ${pathname}`, pathname);
  };

  const server = http.createServer((request, response) => {
    const rawPath = request.url ?? '/';
    const userAgent = (request.headers['user-agent'] ?? '').trim();
    const at = Date.now();
    let reply: Answer;
    try {
      reply = answer(request, rawPath, userAgent, at);
    } catch (error) {
      reply = problem(500, `the stand-in failed: ${(error as Error).message}`, rawPath);
    }
    requests.push({ path: rawPath, status: reply.status, userAgent, at });
    report(`${request.method} ${rawPath} → ${reply.status}`);
    response.writeHead(reply.status, {
      'Content-Type': reply.contentType,
      'Content-Length': String(Buffer.byteLength(reply.body)),
      ...reply.headers,
    });
    response.end(reply.body);
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const url = `http://${host}:${port}`;
  report(
    `Wikimedia pageviews stand-in on ${url}: ${sample.articles.length} articles, ${sample.from}..${sample.to}, ` +
      `published to ${lastPublished}`,
  );
  return {
    url,
    port,
    requests,
    throttleNext(count, retryAfterSeconds) {
      checkCount('throttleNext', count);
      if (!Number.isSafeInteger(retryAfterSeconds) || retryAfterSeconds < 0)
        throw new Error(`throttleNext: Retry-After ${retryAfterSeconds} is not a whole number of seconds ≥ 0`);
      if (count > 0) faults.push({ remaining: count, status: 429, retryAfterSeconds });
    },
    failNext(count, status) {
      checkCount('failNext', count);
      if (!Number.isSafeInteger(status) || status < 400 || status > 599)
        throw new Error(`failNext: status ${status} is not an HTTP error (400–599)`);
      if (count > 0) faults.push({ remaining: count, status });
    },
    malformNext(count) {
      checkCount('malformNext', count);
      malformRemaining += count;
    },
    setLastPublished(day) {
      lastPublished = parseDay(day);
      report(`published to ${lastPublished}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
