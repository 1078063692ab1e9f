import type { Client } from '@elastic/elasticsearch';
import type { Day } from '../../domain/days';
import type { IndexNames } from '../../domain/index-names';
import type { ArticleDay } from '../../domain/pageviews';
import type { WikiArticle } from '../../domain/wikipedia-articles';
import { bulkWrite } from '../elasticsearch-bulk';
import { readAll } from '../elasticsearch-read-all';

/** A stored day's id: one per article and day, so fetching a day again replaces it. */
export function pageviewsDocId(day: ArticleDay): string {
  return `${day.project}|${day.article}|${day.date}`;
}

/** Wikipedia pageviews (buzz-pageviews): one document per article and published day (domain/pageviews.ts). */
export function pageviewsRepository(es: Client, indices: IndexNames) {
  return {
    async write(days: ArticleDay[], fetchedAt: string): Promise<void> {
      await bulkWrite<ArticleDay>(es, {
        what: 'pageviews',
        datasource: days,
        onDocument: (day) => [
          { index: { _index: indices.pageviews, _id: pageviewsDocId(day) } },
          { ...day, fetched_at: fetchedAt },
        ],
        refreshOnCompletion: indices.pageviews,
      });
    },

    /** The stored days of these articles within [from, to]. */
    async ofArticles(articles: readonly WikiArticle[], from: Day, to: Day): Promise<ArticleDay[]> {
      if (articles.length === 0) return [];
      const hits = await readAll<ArticleDay>(es, {
        index: indices.pageviews,
        _source: ['project', 'article', 'date', 'views'],
        query: {
          bool: {
            filter: [{ range: { date: { gte: from, lte: to } } }],
            should: articles.map((a) => ({
              bool: { filter: [{ term: { project: a.project } }, { term: { article: a.title } }] },
            })),
            minimum_should_match: 1,
          },
        },
      });
      return hits.map((hit) => hit.source);
    },
  };
}

export type PageviewsRepository = ReturnType<typeof pageviewsRepository>;
