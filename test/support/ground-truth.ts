import type { Client } from '@elastic/elasticsearch';
import { addDays, type Day } from '../../domain/days';
import type { DayTruth } from '../../simulator/generator';

/** English statuses of `day` left after the delete notices of the `ingested` days. */
export function expectedDocs(truth: Record<Day, DayTruth>, day: Day, ingested: Day[]): number {
  const t = truth[day]!;
  return ingested.reduce(
    (left, noticeDay) => left - (t.en_deleted_by_notices_of[noticeDay] ?? 0),
    t.statuses_by_lang.en ?? 0,
  );
}

/** Tweets that the delete notices of `noticeDay` removed, whichever day they were from. */
export function expectedDeletesApplied(truth: Record<Day, DayTruth>, noticeDay: Day): number {
  return Object.values(truth).reduce((sum, t) => sum + (t.en_deleted_by_notices_of[noticeDay] ?? 0), 0);
}

export async function docsOnDay(es: Client, prefix: string, day: Day): Promise<number> {
  const answer = await es.count({
    index: `${prefix}-tweets`,
    query: { range: { created_at: { gte: `${day}T00:00:00Z`, lt: `${addDays(day, 1)}T00:00:00Z` } } },
  });
  return answer.count;
}

export async function allTweetIds(es: Client, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of es.helpers.scrollSearch({
    index: `${prefix}-tweets`,
    _source: false,
    size: 5000,
    query: { match_all: {} },
  })) {
    for (const hit of page.body.hits.hits) ids.push(hit._id!);
  }
  return ids.sort();
}
