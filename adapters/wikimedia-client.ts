import type { Day } from '../domain/days';
import { apiTimestamp } from '../domain/pageviews';
import { encodeTitle, type WikiArticle } from '../domain/wikipedia-articles';

/*
 * Wikipedia's daily pageviews from the Wikimedia REST API (`WIKIMEDIA_API_URL`): per article,
 * and per project to learn the last day published. Views are of people only (agent `user`: the
 * API's own classification leaves spiders and automated traffic out), every access method.
 * One call is one request: retries, their pace and the request rate belong to the callers
 * (Temporal retries each activity; the pageviews task queue caps requests per second).
 */

export type WikimediaErrorKind =
  /** 429: too many requests; retry after `retryAfterMs`. */
  | 'throttled'
  /** 5xx or no answer: retry. */
  | 'unavailable'
  /** 200 with a body that is not the documented shape: retry, then report. */
  | 'malformed'
  /** Any other 4xx: the request is wrong, retrying cannot help. */
  | 'refused';

export class WikimediaError extends Error {
  constructor(
    message: string,
    readonly kind: WikimediaErrorKind,
    readonly url: string,
    readonly status?: number,
    /** From Retry-After, for a 429. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WikimediaError';
  }
}

export interface WikimediaClient {
  /** The last day in [from, to] the project's views are published for; null when none is yet. */
  lastPublishedDay(project: string, from: Day, to: Day): Promise<Day | null>;
  /**
   * An article's views per day in [from, to], days without views left out as the API leaves them;
   * null when the API has no data for it at all in the range (404: never viewed, or no such title).
   */
  articleViews(article: WikiArticle, from: Day, to: Day): Promise<Map<Day, number> | null>;
}

/** `2019070300` → `2019-07-03`, or undefined when it is not that form. */
function dayOf(timestamp: unknown): Day | undefined {
  if (typeof timestamp !== 'string') return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})00$/.exec(timestamp);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** Retry-After in milliseconds: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A pageviews API client sending `userAgent` with every request. */
export function wikimediaClient(
  settings: { apiUrl: string; userAgent: string },
  fetchImpl: typeof fetch = fetch,
): WikimediaClient {
  /** The answer's items as days and views, null on 404; every other failure a WikimediaError. */
  async function dailyItems(path: string): Promise<Map<Day, number> | null> {
    const url = `${settings.apiUrl}${path}`;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { 'user-agent': settings.userAgent, accept: 'application/json' } });
    } catch (error) {
      throw new WikimediaError(
        `GET ${url}: no answer (${(error as Error).message})`,
        'unavailable',
        url,
        undefined,
        undefined,
        {
          cause: error,
        },
      );
    }
    const body = await response.text();
    if (response.status === 404) return null;
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'));
      throw new WikimediaError(`GET ${url}: 429 too many requests`, 'throttled', url, 429, wait);
    }
    if (response.status >= 500)
      throw new WikimediaError(`GET ${url}: ${response.status} ${detail(body)}`, 'unavailable', url, response.status);
    if (response.status !== 200)
      throw new WikimediaError(`GET ${url}: ${response.status} ${detail(body)}`, 'refused', url, response.status);
    return readItems(body, url);
  }

  return {
    async lastPublishedDay(project, from, to) {
      const items = await dailyItems(
        `/metrics/pageviews/aggregate/${encodeURIComponent(project)}/all-access/user/daily/${apiTimestamp(from)}/${apiTimestamp(to)}`,
      );
      return items === null || items.size === 0 ? null : [...items.keys()].sort().at(-1)!;
    },
    articleViews(article, from, to) {
      return dailyItems(
        `/metrics/pageviews/per-article/${encodeURIComponent(article.project)}/all-access/user/` +
          `${encodeTitle(article.title)}/daily/${apiTimestamp(from)}/${apiTimestamp(to)}`,
      );
    },
  };
}

/** The problem body's detail (or its start), for messages. */
function detail(body: string): string {
  try {
    const problem = JSON.parse(body) as { detail?: unknown; title?: unknown };
    if (typeof problem.detail === 'string') return problem.detail;
    if (typeof problem.title === 'string') return problem.title;
  } catch {
    // Not JSON: the text itself.
  }
  return body.slice(0, 200);
}

/** `{"items": [{timestamp: "YYYYMMDD00", views: n}, …]}` as days and views; anything else is malformed. */
function readItems(body: string, url: string): Map<Day, number> {
  const malformed = (why: string): WikimediaError =>
    new WikimediaError(`GET ${url}: 200 with a body that is not pageviews (${why})`, 'malformed', url, 200);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw malformed('not JSON');
  }
  const items = (parsed as { items?: unknown })?.items;
  if (!Array.isArray(items)) throw malformed('no items list');
  const views = new Map<Day, number>();
  for (const item of items as { timestamp?: unknown; views?: unknown }[]) {
    const day = dayOf(item?.timestamp);
    if (!day) throw malformed(`timestamp ${JSON.stringify(item?.timestamp)}`);
    if (typeof item.views !== 'number' || !Number.isInteger(item.views) || item.views < 0)
      throw malformed(`views ${JSON.stringify(item.views)} on ${day}`);
    views.set(day, (views.get(day) ?? 0) + item.views);
  }
  return views;
}
