import type { Repositories } from '../adapters/repositories';
import type { WikimediaClient } from '../adapters/wikimedia-client';
import { spanOf, type Day } from '../domain/days';
import {
  articleDays,
  publishedDays,
  showPageviews,
  missingDays,
  pageviewsRange,
  type ArticleFetch,
  type ShowPageviewsDay,
} from '../domain/pageviews';
import { articleLabel, type WikiArticle } from '../domain/wikipedia-articles';
import type { PageviewsPlan, PageviewsRequest } from '../contracts/pageviews';

export interface PageviewsDeps {
  wikimedia: WikimediaClient;
  repos: Pick<Repositories, 'pageviews'>;
}

/**
 * Fetches an article's views for the days of [from, to] published by `lastPublished` (the
 * project's, from `lastPublishedDay`), and stores every one of those days, 0 where the API left a
 * day out. Days after it are left for a later fetch: no data, never 0.
 */
export async function fetchArticlePageviews(
  deps: PageviewsDeps,
  article: WikiArticle,
  from: Day,
  to: Day,
  lastPublished: Day | null,
  fetchedAt = new Date().toISOString(),
): Promise<ArticleFetch> {
  const range = publishedDays(from, to, lastPublished);
  if (!range) return { article: articleLabel(article), range: null, found: true };
  const views = await deps.wikimedia.articleViews(article, range.from, range.to);
  await deps.repos.pageviews.write(articleDays(article, range, views), fetchedAt);
  return { article: articleLabel(article), range, found: views !== null };
}

/** Fetches every article of a show for [from, to]: each project's last published day, then each article. */
export async function fetchShowPageviews(
  deps: PageviewsDeps,
  articles: readonly WikiArticle[],
  from: Day,
  to: Day,
): Promise<ArticleFetch[]> {
  const lastPublished = new Map<string, Day | null>();
  const fetched: ArticleFetch[] = [];
  for (const article of articles) {
    if (!lastPublished.has(article.project))
      lastPublished.set(article.project, await deps.wikimedia.lastPublishedDay(article.project, from, to));
    fetched.push(await fetchArticlePageviews(deps, article, from, to, lastPublished.get(article.project)!));
  }
  return fetched;
}

/** A show's pageviews per day from `from` to `to`, from the stored days of its articles. */
export async function readShowPageviews(
  repos: Pick<Repositories, 'pageviews'>,
  articles: readonly WikiArticle[],
  from: Day,
  to: Day,
): Promise<ShowPageviewsDay[]> {
  return showPageviews(articles, from, to, await repos.pageviews.ofArticles(articles, from, to));
}

/**
 * What a daily run fetches by `through`: for every article of an active show, the days of the
 * show's window up to `through` from the first one not stored (a day not published at the last
 * run, or missed while the schedule was paused); one request per article.
 */
export async function planPageviews(
  repos: Pick<Repositories, 'pageviews' | 'shows'>,
  through: Day,
): Promise<PageviewsPlan> {
  const wanted = new Map<string, PageviewsRequest>();
  const showKeys: string[] = [];
  for (const show of await repos.shows.all()) {
    const articles = show.config.wikipedia_articles ?? [];
    const range = pageviewsRange(show, through);
    if (show.status !== 'active' || articles.length === 0 || !range) continue;
    showKeys.push(show.show_key);
    for (const article of articles) {
      const key = `${article.project}|${article.title}`;
      wanted.set(key, { article, ...spanOf(wanted.get(key), range) });
    }
  }
  const requests: PageviewsRequest[] = [];
  for (const request of wanted.values()) {
    const stored = await repos.pageviews.ofArticles([request.article], request.from, request.to);
    const missing = missingDays(request, new Set(stored.map((day) => day.date)));
    if (missing) requests.push({ article: request.article, ...missing });
  }
  return { requests, showKeys };
}
