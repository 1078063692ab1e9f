import type { Client } from '@elastic/elasticsearch';
import type { DailyDoc, RegisteredShow } from '../domain/buzz-docs';
import type { IndexNames } from '../domain/index-names';
import type { RowError } from '../domain/show-config';
import { BuzzError } from '../domain/errors';
import { normalizeText } from '../domain/text';

/** Reads what the workflows wrote: the show registry, sheet sync reports, daily buzz. */
export function buzzReader(es: Client, indices: IndexNames) {
  return {
    async shows(): Promise<RegisteredShow[]> {
      const answer = await es.search<RegisteredShow>({
        index: indices.shows,
        ignore_unavailable: true,
        size: 10_000,
        query: { exists: { field: 'status' } },
        sort: [{ show_key: 'asc' }],
      });
      return answer.hits.hits.map((hit) => hit._source!);
    },

    async sheetSyncs(): Promise<
      { sheet: string; synced_at: string; rows: number; valid: number; errors: RowError[] }[]
    > {
      const answer = await es.search<{
        sheet: string;
        synced_at: string;
        rows: number;
        valid: number;
        errors: RowError[];
      }>({
        index: indices.sheetSyncs,
        ignore_unavailable: true,
        size: 100,
      });
      return answer.hits.hits.map((hit) => hit._source!);
    },

    /** A show by show_key, or by name (and season when the name has several). */
    async findShow(nameOrKey: string, season?: string): Promise<RegisteredShow> {
      const shows = await this.shows();
      const byKey = shows.find((show) => show.show_key === nameOrKey);
      if (byKey) return byKey;
      const named = shows.filter(
        (show) =>
          normalizeText(show.show_name) === normalizeText(nameOrKey) &&
          (season === undefined || normalizeText(show.season) === normalizeText(season)),
      );
      if (named.length === 1) return named[0]!;
      if (named.length === 0)
        throw new BuzzError(
          'show_unknown',
          `No show "${nameOrKey}"${season ? ` season ${season}` : ''}: see \`buzztracker shows list\``,
        );
      throw new BuzzError(
        'show_ambiguous',
        `"${nameOrKey}" has seasons ${named.map((s) => s.season).join(', ')}: pick one with --season`,
      );
    },

    async dailyBuzz(showKey: string): Promise<DailyDoc[]> {
      const answer = await es.search<DailyDoc>({
        index: indices.daily,
        ignore_unavailable: true,
        size: 10_000,
        query: { term: { show_key: showKey } },
        sort: [{ date: 'asc' }],
      });
      return answer.hits.hits.map((hit) => hit._source!);
    },
  };
}

export type BuzzReader = ReturnType<typeof buzzReader>;
