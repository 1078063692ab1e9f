import { ActivityFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { pageviewsTaskQueue, type PageviewsFetchResult, type PageviewsRequest } from '../contracts/pageviews';
import { daysBetween, spanOf, type Day } from '../domain/days';
import type { ArticleFetch } from '../domain/pageviews';
import { rootFailure } from '../domain/errors';
import { articleLabel } from '../domain/wikipedia-articles';
import { quick } from './activity-options';
import { runLimited } from './limit';

/** Requests waiting for the task queue's rate at once: enough to keep any rate busy, few enough for a short history. */
const IN_FLIGHT = 64;

/**
 * Requests to the Wikimedia API, on the pageviews task queue, whose rate Temporal caps. A 429 is
 * retried after its Retry-After, a 5xx or a malformed answer with backoff, for up to an hour; a
 * refused request (another 4xx) not at all. A worker that dies mid-request is noticed at the
 * request's timeout and the request runs again elsewhere (it only ever writes whole days).
 */
function wikimediaRequests() {
  return proxyActivities<Activities>({
    taskQueue: pageviewsTaskQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '1 hour',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}

/**
 * Fetches articles' pageviews, one request per article (and one per project for its last
 * published day), and stores every published day. A request that fails for good is reported,
 * and the others go on: one bad title never holds back a show's other articles.
 */
export async function fetchPageviews({ requests }: { requests: PageviewsRequest[] }): Promise<PageviewsFetchResult> {
  const requesting = wikimediaRequests();
  const result: PageviewsFetchResult = { fetched: [], failed: [] };
  // The pageviews index with its mapping, before a first write could create it without one.
  await quick.ensureShowIndices();
  const failure = (article: string, error: unknown): undefined => {
    if (!(error instanceof ActivityFailure)) throw error;
    result.failed.push({ article, error: rootFailure(error).message });
    return undefined;
  };

  const projects = new Map<string, { from: Day; to: Day }>();
  for (const request of requests)
    projects.set(request.article.project, spanOf(projects.get(request.article.project), request));
  const lastPublished = new Map<string, Day | null>();
  await runLimited([...projects], IN_FLIGHT, async ([project, range]) => {
    const day = await requesting
      .lastPublishedPageviewsDay({ project, ...range })
      .catch((error: unknown) => failure(`${project}: its last published day`, error));
    if (day !== undefined) lastPublished.set(project, day);
  });

  const fetched = await runLimited(requests, IN_FLIGHT, (request): Promise<ArticleFetch | undefined> => {
    const label = articleLabel(request.article);
    if (!lastPublished.has(request.article.project)) {
      result.failed.push({ article: label, error: `${request.article.project}: its last published day is unknown` });
      return Promise.resolve(undefined);
    }
    return requesting
      .fetchArticlePageviews({ request, lastPublished: lastPublished.get(request.article.project)! })
      .catch((error: unknown) => failure(label, error));
  });
  result.fetched = fetched.filter((f): f is ArticleFetch => f !== undefined);
  return result;
}

/** What a daily run's pageviews fetch did. */
export interface DailyPageviewsResult {
  through: Day;
  requests: number;
  fetched: number;
  notFound: string[];
  failed: PageviewsFetchResult['failed'];
  /** The shows told to recompute the days fetched. */
  notified: string[];
}

/**
 * The daily run's pageviews: every active show's articles, from each one's first day not stored
 * up to `through`, then the shows covering the days fetched recompute them (and raise spike
 * alerts on them, by the same rule as the tweets').
 */
export async function dailyPageviews({ through }: { through: Day }): Promise<DailyPageviewsResult> {
  const plan = await quick.planPageviews({ through });
  const result = await fetchPageviews({ requests: plan.requests });
  const days = new Set<Day>();
  for (const { range } of result.fetched) if (range) daysBetween(range.from, range.to).forEach((day) => days.add(day));
  const notified = days.size === 0 ? [] : await quick.notifyShows({ days: [...days].sort(), showKeys: plan.showKeys });
  return {
    through,
    requests: plan.requests.length,
    fetched: result.fetched.filter((f) => f.range !== null).length,
    notFound: result.fetched.filter((f) => !f.found).map((f) => f.article),
    failed: result.failed,
    notified,
  };
}
