import { ApplicationFailure, log } from '@temporalio/activity';
import { WikimediaError } from '../adapters/wikimedia-client';
import type { PageviewsFetchResult, PageviewsPlan, PageviewsRequest } from '../contracts/pageviews';
import type { Day } from '../domain/days';
import type { ArticleFetch } from '../domain/pageviews';
import { articleLabel } from '../domain/wikipedia-articles';
import { fetchArticlePageviews, planPageviews } from '../services/pageviews';
import type { ActivityDeps } from './deps';

/**
 * A Wikimedia failure as Temporal should retry it: a 429 after its Retry-After (the retry
 * policy's backoff when the API gives none), a 5xx, no answer or a malformed body by the retry
 * policy, a refused request (another 4xx) not at all.
 */
async function asRetried<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof WikimediaError)) throw error;
    throw ApplicationFailure.create({
      message: error.message,
      type: `wikimedia_${error.kind}`,
      nonRetryable: error.kind === 'refused',
      details: [{ url: error.url, status: error.status ?? null }],
      ...(error.retryAfterMs === undefined ? {} : { nextRetryDelay: error.retryAfterMs }),
      cause: error,
    });
  }
}

/** One request each, run on the pageviews task queue (contracts/pageviews.ts). */
export function wikimediaRequestActivities(deps: Pick<ActivityDeps, 'wikimedia' | 'repos'>) {
  return {
    lastPublishedPageviewsDay: ({ project, from, to }: { project: string; from: Day; to: Day }): Promise<Day | null> =>
      asRetried(() => deps.wikimedia.lastPublishedDay(project, from, to)),

    fetchArticlePageviews: async ({
      request,
      lastPublished,
    }: {
      request: PageviewsRequest;
      lastPublished: Day | null;
    }): Promise<ArticleFetch> => {
      const fetched = await asRetried(() =>
        fetchArticlePageviews(deps, request.article, request.from, request.to, lastPublished),
      );
      if (!fetched.found)
        log.warn('Wikipedia article not found (404): its days are 0', { article: articleLabel(request.article) });
      return fetched;
    },
  };
}

/** Planning and recording, on the worker's own task queue. */
export function pageviewsActivities(deps: ActivityDeps) {
  return {
    planPageviews: ({ through }: { through: Day }): Promise<PageviewsPlan> => planPageviews(deps.repos, through),

    recordPageviewsFetch: ({ showKey, result }: { showKey: string; result: PageviewsFetchResult }): Promise<void> =>
      deps.repos.shows.markPageviewsFetched(showKey, {
        fetched_at: new Date().toISOString(),
        not_found: result.fetched.filter((f) => !f.found).map((f) => f.article),
        failed: result.failed,
      }),
  };
}
