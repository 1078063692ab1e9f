import type { Day } from '../domain/days';
import type { WikiArticle } from '../domain/wikipedia-articles';
import type { ArticleFetch } from '../domain/pageviews';

/*
 * What the pageviews workflows agree on with their activities and callers. Every request to the
 * Wikimedia API is one activity on a task queue of its own, whose rate Temporal caps for all
 * workers at once (WIKIMEDIA_MAX_REQUESTS_PER_SECOND).
 */

export const PAGEVIEWS_QUEUE_SUFFIX = '-wikimedia';

/** The task queue of the Wikimedia requests, beside the worker's own. */
export function pageviewsTaskQueue(taskQueue: string): string {
  return `${taskQueue}${PAGEVIEWS_QUEUE_SUFFIX}`;
}

/** One article's days to fetch: one request. */
export interface PageviewsRequest {
  article: WikiArticle;
  from: Day;
  to: Day;
}

/** What a fetch did: the articles fetched, and those whose request failed for good. */
export interface PageviewsFetchResult {
  fetched: ArticleFetch[];
  failed: { article: string; error: string }[];
}

/** The pageviews a daily run fetches: each article's missing days, and the shows they belong to. */
export interface PageviewsPlan {
  requests: PageviewsRequest[];
  showKeys: string[];
}
