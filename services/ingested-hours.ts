import type { Client } from '@elastic/elasticsearch';
import { readAll } from '../adapters/elasticsearch-read-all';
import { mergeIngestedHours, type IngestedHour } from '../domain/buzz-coverage';
import { sourceClause } from '../domain/buzz-query';
import { addDays, type Day } from '../domain/days';
import type { IngestedHoursBySource } from '../domain/hourly-buzz';
import type { IndexNames } from '../domain/index-names';
import type { Source } from '../domain/tweet';

/**
 * The ingest manifests' hour groups around a date range (a day either side, for time zones):
 * kept statuses and completeness by UTC hour, keyed `YYYY-MM-DDTHH`. Without a source, an hour
 * ingested from both (the archive and the live capture) sums their statuses and is complete when
 * each source's part of it is.
 */
export async function ingestedHours(
  deps: { es: Client; indices: IndexNames },
  from: Day,
  to: Day,
  source?: Source,
): Promise<Map<string, IngestedHour>> {
  const hits = await readAll<{ day: string; group: string; kept: number; complete: boolean }>(deps.es, {
    index: deps.indices.ingest,
    _source: ['day', 'group', 'kept', 'complete'],
    query: {
      bool: {
        filter: [
          { term: { kind: 'group' } },
          { range: { day: { gte: addDays(from, -1), lte: addDays(to, 1) } } },
          // Manifests say `bluesky` for the live capture, the archive's URI for the Twitter archive.
          ...(source === undefined ? [] : [sourceClause(source)]),
        ],
      },
    },
  });
  const hours = new Map<string, IngestedHour>();
  for (const { source: doc } of hits) {
    const key = `${doc.day}T${doc.group}`;
    hours.set(key, mergeIngestedHours(hours.get(key), { kept: doc.kept, complete: doc.complete })!);
  }
  return hours;
}

/** The same, of each source apart. */
export async function ingestedHoursBySource(
  deps: { es: Client; indices: IndexNames },
  from: Day,
  to: Day,
): Promise<IngestedHoursBySource> {
  const [twitter, bluesky] = await Promise.all([
    ingestedHours(deps, from, to, 'twitter'),
    ingestedHours(deps, from, to, 'bluesky'),
  ]);
  return { twitter, bluesky };
}
