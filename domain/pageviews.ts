import type { Coverage } from './buzz-coverage';
import { daysBetween, type Day } from './days';
import { articleLabel, type WikiArticle } from './wikipedia-articles';

/*
 * Wikipedia pageviews per show and day: what is a count, what is 0, and what is no data.
 *  - The API publishes a day some hours after it ends, and has no data before 2015-07-01. A day
 *    not published yet (after the project's last published day) or before that is **no data**,
 *    never 0: it is not stored, and fetched again later.
 *  - Within the published days of a range, the API leaves out the days an article had no views:
 *    those days are **0**, stored as 0.
 *  - An article with no view at all in the range answers 404. The API cannot tell a title nobody
 *    viewed from a title that does not exist (a typo, a renamed article's new title before the
 *    move): its published days are 0, and the article is reported by name with the 404, so the
 *    row can be checked.
 * A show's day sums its articles' views: complete when every article has the day, partial when
 * some have it (an article added since the last fetch), none when none has it.
 */

/** The first day the pageviews API has. */
export const FIRST_PAGEVIEWS_DAY: Day = '2015-07-01';

/** `2019-07-03` → `2019070300`: a day as the API's paths and items write it. */
export function apiTimestamp(day: Day): string {
  return `${day.replaceAll('-', '')}00`;
}

/** One article's views on one day, as stored (buzz-pageviews). */
export interface ArticleDay {
  project: string;
  article: string;
  date: Day;
  views: number;
}

/** The days of [from, to] the API can have data for, given the project's last published day. */
export function publishedDays(from: Day, to: Day, lastPublished: Day | null): { from: Day; to: Day } | null {
  const start = from < FIRST_PAGEVIEWS_DAY ? FIRST_PAGEVIEWS_DAY : from;
  const end = lastPublished === null ? null : to < lastPublished ? to : lastPublished;
  return end === null || end < start ? null : { from: start, to: end };
}

/** Every published day of the range with its views: the API's items, 0 for the days it left out (or all, on a 404). */
export function articleDays(
  article: WikiArticle,
  range: { from: Day; to: Day },
  views: ReadonlyMap<Day, number> | null,
): ArticleDay[] {
  return daysBetween(range.from, range.to).map((date) => ({
    project: article.project,
    article: article.title,
    date,
    views: views?.get(date) ?? 0,
  }));
}

/** What fetching one article's range did. */
export interface ArticleFetch {
  article: string;
  /** The published days fetched and stored; null when none of the range is published yet. */
  range: { from: Day; to: Day } | null;
  /** False when the API had no data for the title at all (404): its days are stored as 0, and it is reported. */
  found: boolean;
}

/** As the tweets' coverage (domain/buzz-coverage.ts), of the show's articles instead of its ingested hours. */
export type PageviewsCoverage = Coverage;

/** A show's pageviews on one of its days. */
export interface ShowPageviewsDay {
  date: Day;
  coverage: PageviewsCoverage;
  /** The sum over the articles that have the day; null when none has. */
  pageviews: number | null;
  /** Each article's views (`en:Title` → views; null where the article lacks the day). */
  by_article: Record<string, number | null>;
}

/** The show's days from `from` to `to`, from its articles' stored days. */
export function showPageviews(
  articles: readonly WikiArticle[],
  from: Day,
  to: Day,
  stored: readonly ArticleDay[],
): ShowPageviewsDay[] {
  const views = new Map(stored.map((d) => [`${d.project}|${d.article}|${d.date}`, d.views]));
  return daysBetween(from, to).map((date) => {
    const byArticle = articles.map((article) => views.get(`${article.project}|${article.title}|${date}`) ?? null);
    const present = byArticle.filter((v): v is number => v !== null);
    return {
      date,
      coverage: present.length === 0 ? 'none' : present.length === articles.length ? 'complete' : 'partial',
      pageviews: present.length === 0 ? null : present.reduce((sum, v) => sum + v, 0),
      by_article: Object.fromEntries(articles.map((article, i) => [articleLabel(article), byArticle[i]!])),
    };
  });
}

/** A show's days that can have pageviews by `through` (the last day asked for): its window, from the API's first day. */
export function pageviewsRange(
  window: { window_start: Day; window_end: Day },
  through: Day,
): { from: Day; to: Day } | null {
  const from = window.window_start < FIRST_PAGEVIEWS_DAY ? FIRST_PAGEVIEWS_DAY : window.window_start;
  const to = window.window_end < through ? window.window_end : through;
  return to < from ? null : { from, to };
}

/**
 * An article's days still to fetch in a range: from its first day not stored to the range's end
 * (one request; the days after a gap are fetched again, which replaces them with the same views).
 */
export function missingDays(range: { from: Day; to: Day }, stored: ReadonlySet<Day>): { from: Day; to: Day } | null {
  const first = daysBetween(range.from, range.to).find((day) => !stored.has(day));
  return first === undefined ? null : { from: first, to: range.to };
}

/**
 * A show's pageviews as its buzz-daily documents hold them, beside the tweets: on the shows that
 * list articles, the day's coverage always, the sum and each article's views when the day has data.
 * Wikimedia's days are UTC days: a show's local day D holds the views of UTC day D.
 */
export interface PageviewsFields {
  pageviews?: number;
  pageviews_coverage?: PageviewsCoverage;
  pageviews_by_article?: { article: string; pageviews: number | null }[];
}

export function pageviewsFields(day: ShowPageviewsDay | undefined): PageviewsFields {
  if (!day) return {};
  if (day.pageviews === null) return { pageviews_coverage: 'none' };
  return {
    pageviews: day.pageviews,
    pageviews_coverage: day.coverage,
    pageviews_by_article: Object.entries(day.by_article).map(([article, pageviews]) => ({ article, pageviews })),
  };
}
