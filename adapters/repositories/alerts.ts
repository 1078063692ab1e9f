import type { Client } from '@elastic/elasticsearch';
import type { AlertRecord, AlertStatus } from '../../domain/alerts';
import type { IndexNames } from '../../domain/index-names';
import { readAll } from '../elasticsearch-read-all';

function isConflict(error: unknown): boolean {
  return (error as { meta?: { statusCode?: number } }).meta?.statusCode === 409;
}

/** Spike alerts (buzz-alerts), one per show and spike day or hour (`_id` = alert_id). */
export function alertRepository(es: Client, indices: IndexNames) {
  return {
    /** Newest first (day, then hour; then show_key), of one show or status when asked. */
    async list(filter: { showKey?: string; status?: AlertStatus } = {}): Promise<AlertRecord[]> {
      const hits = await readAll<AlertRecord>(es, {
        index: indices.alerts,
        query: {
          bool: {
            filter: [
              ...(filter.showKey ? [{ term: { show_key: filter.showKey } }] : []),
              ...(filter.status ? [{ term: { status: filter.status } }] : []),
            ],
          },
        },
        sort: [{ date: 'desc' }, { period: 'desc' }, { show_key: 'asc' }, { alert_id: 'asc' }],
      });
      return hits.map((hit) => hit.source);
    },

    /** Records the alert unless one with its id exists: a recorded alert is never changed by a later detection. */
    async createIfAbsent(record: AlertRecord): Promise<void> {
      try {
        await es.create({ index: indices.alerts, id: record.alert_id, document: record, refresh: 'wait_for' });
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    },

    /** Those of these alerts still waiting for delivery. */
    async pending(ids: string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const recorded = await es.mget<AlertRecord>({ index: indices.alerts, ids, _source: ['status'] });
      return recorded.docs.flatMap((doc) =>
        'found' in doc && doc.found && doc._source?.status === 'pending' ? [doc._id] : [],
      );
    },

    /** The alert and its version (for an update only if nothing changed it since). */
    async get(
      alertId: string,
    ): Promise<{ alert: AlertRecord; version: { seqNo: number; primaryTerm: number } } | undefined> {
      const found = await es.get<AlertRecord>({ index: indices.alerts, id: alertId }, { ignore: [404] });
      if (!found.found || !found._source) return undefined;
      return { alert: found._source, version: { seqNo: found._seq_no!, primaryTerm: found._primary_term! } };
    },

    /** Updates the alert; with `ifVersion`, only if it is still at that version. */
    async update(
      alertId: string,
      doc: Partial<AlertRecord>,
      ifVersion?: { seqNo: number; primaryTerm: number },
    ): Promise<void> {
      await es.update({
        index: indices.alerts,
        id: alertId,
        doc,
        ...(ifVersion ? { if_seq_no: ifVersion.seqNo, if_primary_term: ifVersion.primaryTerm } : {}),
        refresh: 'wait_for',
      });
    },
  };
}

export type AlertRepository = ReturnType<typeof alertRepository>;
