import { stringify } from 'csv-stringify/sync';
import type { RegisteredShow } from './buzz-docs';
import { DAY_COLUMNS } from './buzz-format';
import { daysSinceLaunch } from './local-days';
import type { PageviewsCoverage, ShowPageviewsDay } from './pageviews';

/**
 * A show's day of Wikipedia pageviews, as the API (`?source=wikipedia`) and `buzz --source
 * wikipedia` give it: the sum of its articles' views and each article's, null where there is no
 * data (a day not yet published; an article added since the last fetch), never 0 for it.
 */
export interface PageviewsRow {
  show_key: string;
  show_name: string;
  season: string;
  date: string;
  source: 'wikipedia';
  days_since_launch: number;
  coverage: PageviewsCoverage;
  pageviews: number | null;
  by_article: Record<string, number | null>;
}

/** The CSV's columns, before one `article:<en:Title>` per article. */
export const PAGEVIEWS_CSV_COLUMNS = [...DAY_COLUMNS, 'pageviews'] as const satisfies readonly (keyof PageviewsRow)[];

export function pageviewsRows(
  show: Pick<RegisteredShow, 'show_key' | 'show_name' | 'season' | 'launch_date'>,
  days: ShowPageviewsDay[],
): PageviewsRow[] {
  return days.map((day) => ({
    show_key: show.show_key,
    show_name: show.show_name,
    season: show.season,
    date: day.date,
    source: 'wikipedia',
    days_since_launch: daysSinceLaunch(day.date, show.launch_date),
    coverage: day.coverage,
    pageviews: day.pageviews,
    by_article: day.by_article,
  }));
}

/** CSV with one column per article (`article:<en:Title>`; of several shows, every show's, empty for the others). */
export function pageviewsCsv(rows: PageviewsRow[]): string {
  const articles = [...new Set(rows.flatMap((row) => Object.keys(row.by_article)))];
  const records = rows.map(({ by_article: byArticle, ...row }) => ({
    ...row,
    ...Object.fromEntries(articles.map((article) => [`article:${article}`, byArticle[article] ?? null])),
  }));
  return stringify(records, {
    header: true,
    columns: [...PAGEVIEWS_CSV_COLUMNS, ...articles.map((article) => `article:${article}`)],
  });
}
