import type { Client } from '@elastic/elasticsearch';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { ensureIngestIndices, ensureShowIndices } from '../../adapters/elasticsearch-indices';
import { applyShowConfigs } from '../../services/shows';
import { addDays, dayOfMs, daysBetween, type Day } from '../../domain/days';
import { indexNames, type IndexNames } from '../../domain/index-names';
import { parseSheetRows, type ShowConfig } from '../../domain/show-config';
import type { Source, TweetDoc } from '../../domain/tweet';
import { workflowIds } from '../../contracts/workflow-ids';
import type { BuzzTestEnv } from './buzz-env';
import { waitFor } from './live-capture';
import { tweetDoc } from './spike-day';
import { showSignals } from '../../client/shows';

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
  const hours = days.flatMap((day) => Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}`));
  const tweets = series.flatMap(({ phrase, counts }, s) =>
    Object.entries(counts).flatMap(([day, count]) =>
      Array.from({ length: count }, (_, i) => ({
        id: `series-${s}-${day}-${i}`,
        // Spread over the day's hours, as ingestion would find them.
        at: Date.parse(`${day}T00:00:00Z`) + ((i * 3_600_000 + 1_000) % 86_400_000),
        text: `${phrase} tonight, take ${i}`,
      })),
    ),
  );
  await seedIngested(es, indices, 'twitter', tweets, hours);
}

/**
 * The live capture's sealed hours (`YYYY-MM-DDTHH` → matching posts of a show known by `phrase`):
 * Bluesky documents and a complete manifest for each hour, as sealing writes them.
 */
export async function seedLiveHours(
  es: Client,
  indices: IndexNames,
  phrase: string,
  counts: Record<string, number>,
): Promise<void> {
  const posts = Object.entries(counts).flatMap(([hour, count]) =>
    Array.from({ length: count }, (_, i) => ({
      id: `live-${hour}-${i}`,
      at: Date.parse(`${hour}:00:00Z`) + i * 1_000,
      text: `${phrase} tonight, take ${i}`,
    })),
  );
  await seedIngested(es, indices, 'bluesky', posts, Object.keys(counts));
}

/** Documents of one source and a complete manifest of each of its hours (`YYYY-MM-DDTHH`). */
async function seedIngested(
  es: Client,
  indices: IndexNames,
  source: Source,
  docs: { id: string; at: number; text: string }[],
  hours: string[],
): Promise<void> {
  await ensureIngestIndices(es, indices);
  await bulkWrite<TweetDoc>(es, {
    what: `seeded ${source} documents`,
    datasource: docs.map(({ id, at, text }) => tweetDoc(id, new Date(at).toISOString(), text, { source })),
    onDocument: (t) => ({ index: { _index: indices.tweetsIndexFor(t.created_at), _id: t.id } }),
    refreshOnCompletion: indices.tweetsPattern,
  });
  // Manifests say `bluesky` for the live capture, the archive's URI for the Twitter archive.
  const manifestSource = source === 'bluesky' ? 'bluesky' : 'dir:/archives';
  await bulkWrite(es, {
    what: `seeded ${source} hour manifests`,
    datasource: hours.map((hour) => ({
      kind: 'group',
      source: manifestSource,
      day: hour.slice(0, 10),
      group: hour.slice(11, 13),
      kept: SAMPLE_PER_HOUR,
      complete: true,
    })),
    onDocument: (g) => ({ index: { _index: indices.ingest, _id: `${g.source}:${g.day}T${g.group}` } }),
    refreshOnCompletion: indices.ingest,
  });
  if (source === 'bluesky') return;
  // The archive's days passed the 1% sample check, as their day records say.
  await bulkWrite(es, {
    what: 'seeded day records',
    datasource: [...new Set(hours.map((hour) => hour.slice(0, 10)))].map((day) => ({
      kind: 'day',
      source: manifestSource,
      day,
      complete: true,
      sample_verdict: 'sample',
    })),
    onDocument: (d) => ({ index: { _index: indices.ingest, _id: d.day } }),
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
    { repos: env.repos, showSignals: showSignals(env.temporal, env.config.temporal.taskQueue) },
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

/** Waits for the delivery workflow of an alert to start, then for its outcome. */
export async function deliveryOutcome(env: BuzzTestEnv, alertId: string): Promise<string> {
  const delivery = env.temporal.workflow.getHandle(workflowIds.alert(alertId));
  await waitFor(
    `the delivery of ${alertId} started`,
    () =>
      delivery.describe().then(
        () => true,
        () => false,
      ),
    Boolean,
  );
  return (await delivery.result()) as string;
}
