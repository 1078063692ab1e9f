import type { Client } from '@elastic/elasticsearch';
import { mergeIngestedHours, type IngestedHour } from '../../domain/buzz-coverage';
import { sourceClause } from '../../domain/buzz-query';
import { addDays, type Day } from '../../domain/days';
import type { IngestedHoursBySource } from '../../domain/hourly-buzz';
import type { IndexNames } from '../../domain/index-names';
import type { IngestRecord } from '../../domain/ingest-manifests';
import type { SampleVerdict } from '../../domain/sample-check';
import type { Source } from '../../domain/tweet';
import { bulkWrite } from '../elasticsearch-bulk';
import { readAll } from '../elasticsearch-read-all';

/**
 * What ingestion recorded (buzz-ingest): a document per ingested day and per hour group of the
 * archive, and per sealed hour of the live capture. Coverage is read from them: an hour with no
 * record was not ingested (no data, never zero).
 */
export function ingestRecordRepository(es: Client, indices: IndexNames) {
  /** What one source recorded of its hours around a date range: see ingestedHoursBySource. */
  const ingestedHours = async (from: Day, to: Day, source: Source): Promise<Map<string, IngestedHour>> => {
    const hits = await readAll<{ day: string; group: string; kept: number; complete: boolean }>(es, {
      index: indices.ingest,
      _source: ['day', 'group', 'kept', 'complete'],
      query: {
        bool: {
          filter: [
            { term: { kind: 'group' } },
            { range: { day: { gte: addDays(from, -1), lte: addDays(to, 1) } } },
            // Records say `bluesky` for the live capture, the archive's URI for the Twitter archive.
            sourceClause(source),
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
  };

  return {
    /** Writes records (an ingested day's and its groups', or a sealed live hour's), each by its id. */
    async write(what: string, records: IngestRecord[]): Promise<void> {
      await bulkWrite(es, {
        what,
        datasource: records,
        onDocument: ({ id, doc }) => [{ index: { _index: indices.ingest, _id: id } }, doc],
        refreshOnCompletion: indices.ingest,
      });
    },

    /**
     * The sample check of each archived UTC day from `from` to `to` (domain/sample-check.ts); a
     * day recorded before the check has none to give (`unknown`).
     */
    async sampleVerdicts(from: Day, to: Day): Promise<Map<Day, SampleVerdict>> {
      const hits = await readAll<{ day: Day; sample_verdict?: SampleVerdict }>(es, {
        index: indices.ingest,
        _source: ['day', 'sample_verdict'],
        query: { bool: { filter: [{ term: { kind: 'day' } }, { range: { day: { gte: from, lte: to } } }] } },
      });
      return new Map(hits.map(({ source: doc }) => [doc.day, doc.sample_verdict ?? 'unknown']));
    },

    /**
     * The hour groups ingested around a date range (a day either side, for time zones), of each
     * source: kept statuses and completeness by UTC hour, keyed `YYYY-MM-DDTHH`.
     */
    async ingestedHoursBySource(from: Day, to: Day): Promise<IngestedHoursBySource> {
      const [twitter, bluesky] = await Promise.all([
        ingestedHours(from, to, 'twitter'),
        ingestedHours(from, to, 'bluesky'),
      ]);
      return { twitter, bluesky };
    },
  };
}

export type IngestRecordRepository = ReturnType<typeof ingestRecordRepository>;
