import type { Repositories } from '../adapters/repositories';
import type { WikimediaClient } from '../adapters/wikimedia-client';
import type { Day } from '../domain/days';
import { articleDays, publishedDays, showPageviews, type ShowPageviewsDay } from '../domain/pageviews';
import { articleLabel, type WikiArticle } from '../domain/wikipedia-articles';

export interface PageviewsDeps {
  wikimedia: WikimediaClient;
  repos: Pick<Repositories, 'pageviews'>;
}

/** What fetching one article's range did. */
export interface ArticleFetch {
  article: string;
  /** The published days fetched and stored; null when none of the range is published yet. */
  range: { from: Day; to: Day } | null;
  /** False when the API had no data for the title at all (404): its days are stored as 0, and it is reported. */
  found: boolean;
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
