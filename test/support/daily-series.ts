import type { Client } from '@elastic/elasticsearch';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { ensureIngestIndices, ensureShowIndices } from '../../adapters/elasticsearch-indices';
import { applyShowConfigs } from '../../application/shows';
import { addDays, dayOfMs, daysBetween, type Day } from '../../domain/days';
import { indexNames, type IndexNames } from '../../domain/index-names';
import { parseSheetRows, type ShowConfig } from '../../domain/show-config';
import type { TweetDoc } from '../../domain/tweet';
import { workflowIds } from '../../domain/workflow-ids';
import type { BuzzTestEnv } from './buzz-env';
import { waitFor } from './live-capture';
import { tweetDoc } from './spike-day';

/** Matching tweets per UTC day of shows known by one phrase each: the ground truth of a series. */
export type DailySeries = { phrase: string; counts: Record<Day, number> }[];

/** Statuses the seeded hours say were ingested (the sample), for share_of_sample. */
export const SAMPLE_PER_HOUR = 1_000;

/**
 * Writes each show's tweets of each day (spread over the day's hours, as ingestion would) and a
 * complete archive manifest for every hour of `days`, so that the show workflows measure exactly
 * the counts given, and every day as ingested whole.
 */
export async function seedDailySeries(
  es: Client,
  indices: IndexNames,
  series: DailySeries,
  days: Day[],
): Promise<void> {
  await ensureIngestIndices(es, indices);
  const tweets: TweetDoc[] = series.flatMap(({ phrase, counts }, s) =>
    Object.entries(counts).flatMap(([day, count]) =>
      Array.from({ length: count }, (_, i) =>
        tweetDoc(
          `series-${s}-${day}-${i}`,
          new Date(Date.parse(`${day}T00:00:00Z`) + ((i * 3_600_000 + 1_000) % 86_400_000)).toISOString(),
          `${phrase} tonight, take ${i}`,
        ),
      ),
    ),
  );
  await bulkWrite(es, {
    what: 'seeded series tweets',
    datasource: tweets,
    onDocument: (t) => ({ index: { _index: indices.tweetsIndexFor(t.created_at), _id: t.id } }),
    refreshOnCompletion: indices.tweetsPattern,
  });
  const hours = days.flatMap((day) =>
    Array.from({ length: 24 }, (_, h) => ({
      kind: 'group',
      source: 'dir:/archives',
      day,
      group: String(h).padStart(2, '0'),
      kept: SAMPLE_PER_HOUR,
      complete: true,
    })),
  );
  await bulkWrite(es, {
    what: 'seeded hour manifests',
    datasource: hours,
    onDocument: (g) => ({ index: { _index: indices.ingest, _id: `${g.source}:${g.day}T${g.group}` } }),
    refreshOnCompletion: indices.ingest,
  });
}

/** Days `from` back from yesterday (UTC) to yesterday, oldest first: recent enough for alerts to be sent. */
export function recentDays(count: number): Day[] {
  const today = dayOfMs(Date.now());
  return daysBetween(addDays(today, -count), addDays(today, -1));
}

/** Counts by day of `days`, in order. */
export function countsOn(days: Day[], counts: number[]): Record<Day, number> {
  return Object.fromEntries(days.map((day, i) => [day, counts[i]!]));
}

/** Starts the show workflows of sheet rows, as a sheet sync would (registry indices first). */
export async function startShows(env: BuzzTestEnv, rows: Record<string, string>[]): Promise<ShowConfig[]> {
  const indices = indexNames(env.config.elasticsearch.indexPrefix);
  const { shows, errors } = parseSheetRows(rows, [...new Set(rows.flatMap((row) => Object.keys(row)))]);
  if (errors.length > 0) throw new Error(`bad test rows: ${JSON.stringify(errors)}`);
  await ensureShowIndices(env.es, indices);
  await applyShowConfigs(
    { es: env.es, indices, temporal: env.temporal, taskQueue: env.config.temporal.taskQueue },
    'file:test-shows.csv',
    { rows: rows.length, shows, errors },
    { retireMissing: false },
  );
  return shows;
}

/** How many times the show's workflow has finished raising its alerts (once after each computation). */
async function raisings(env: BuzzTestEnv, showKey: string): Promise<number> {
  const history = await env.temporal.workflow.getHandle(workflowIds.show(showKey)).fetchHistory();
  const raising = new Set(
    history.events!.flatMap((event) =>
      event.activityTaskScheduledEventAttributes?.activityType?.name === 'raiseSpikeAlerts'
        ? [String(event.eventId)]
        : [],
    ),
  );
  return history.events!.filter((event) =>
    raising.has(String(event.activityTaskCompletedEventAttributes?.scheduledEventId)),
  ).length;
}

/** Waits until the show's workflow has raised its alerts `times` times. */
export function raisedAlerts(env: BuzzTestEnv, showKey: string, times: number): Promise<number> {
  return waitFor(
    `${showKey} raising its alerts ${times} times`,
    () => raisings(env, showKey).catch(() => 0),
    (n) => n >= times,
    120_000,
  );
}
