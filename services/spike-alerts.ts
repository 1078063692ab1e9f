import { postAlert } from '../adapters/alert-webhook';
import type { Repositories } from '../adapters/repositories';
import type { AlertSettings } from '../config/config';
import {
  type AlertCounts,
  alertIdOf,
  alertMessage,
  deliveryOf,
  ruleFor,
  type AlertRecord,
  type AlertSource,
  type AlertStatus,
} from '../domain/alerts';
import { addDays, dayOfMs, hourStartMs, type Day } from '../domain/days';
import { daysSinceLaunch, localDayOf } from '../domain/local-days';
import { BuzzError, describeError, isBuzzError } from '../domain/errors';
import type { ShowConfig } from '../domain/show-config';
import { DAILY, HOURLY, findSpikes, type Cadence, type SeriesPoint, type Spike } from '../domain/spike-rule';
import type { DailyDoc } from '../domain/buzz-docs';
import type { EstimateFields } from '../domain/day-estimates';
import type { Source } from '../domain/tweet';
import { readHourlyBuzz } from './read-buzz';

export interface AlertDeps {
  repos: Pick<Repositories, 'alerts' | 'dailyBuzz' | 'tweets' | 'ingestRecords'>;
  alerts: AlertSettings;
}

/** The live source, whose hours are alerted on as they are sealed. */
const LIVE_SOURCE: Source = 'bluesky';
/** Hours read for the hourly rule: a day of baseline before each of the last day's hours. */
const HOURS_READ = 48;

/** What an alert says of a period's whole population: its estimate, or why there is none. */
type PeriodEstimate = Pick<
  AlertRecord,
  'est_tweets' | 'est_tweets_low' | 'est_tweets_high' | 'sample_rate' | 'no_estimate'
>;

function periodEstimate(row: Partial<EstimateFields>): PeriodEstimate {
  return {
    est_tweets: row.est_tweets ?? null,
    est_tweets_low: row.est_tweets_low ?? null,
    est_tweets_high: row.est_tweets_high ?? null,
    sample_rate: row.sample_rate ?? null,
    no_estimate: row.no_estimate === undefined ? 'computed before estimates existed' : row.no_estimate,
  };
}

/** A series of the rule, with each period's estimate for the alert to state. */
interface Series {
  points: SeriesPoint[];
  estimates: Map<string, PeriodEstimate>;
}

/** A day's organic counts, for its alert to state; none on a day computed before they existed. */
function organicOf(day: DailyDoc, counts: AlertCounts): Partial<AlertRecord> {
  if (day.organic_tweets === undefined) return {};
  const { organic_tweets, owned, flood, burst } = day;
  return { counts, organic_tweets, owned, flood, burst };
}

/**
 * The show's days from buzz-daily, as two series of the daily rule: its tweets (every source;
 * organic ones unless BUZZ_ALERT_COUNTS=raw, and then a day computed before organic counts existed
 * is no data until the show computes again), and its Wikipedia pageviews (a day whose views are not
 * all published is no data, and a show without articles has none).
 */
async function dailySeries(deps: AlertDeps, show: ShowConfig) {
  const days = await deps.repos.dailyBuzz.ofShow(show.show_key);
  const counts = deps.alerts.counts;
  return {
    tweets: days.map((day) => ({
      period: day.date,
      count: counts === 'organic' ? day.organic_tweets : day.tweets,
      complete: day.data_complete,
    })),
    organic: new Map(days.map((day) => [day.date, organicOf(day, counts)])),
    raw: new Map(days.map((day) => [day.date, day.tweets])),
    pageviews: days.map((day) => ({
      period: day.date,
      count: day.pageviews,
      complete: day.pageviews_coverage === 'complete',
    })),
    estimates: new Map(days.map((day) => [day.date, periodEstimate(day)])),
    daysSinceLaunch: new Map(days.map((day) => [day.date, day.days_since_launch])),
  };
}

/** The live source's last 48 hours, as a series of the hourly rule; none once the show's window is over. */
async function liveSeries(deps: AlertDeps, show: ShowConfig, now: Date): Promise<Series> {
  const today = dayOfMs(now.getTime());
  if (addDays(show.window_end, 1) < addDays(today, -2) || addDays(show.window_start, -1) > today)
    return { points: [], estimates: new Map() };
  const hours = (await readHourlyBuzz(deps.repos, show, HOURS_READ, now.getTime())).filter(
    (row) => row.source === LIVE_SOURCE,
  );
  return {
    points: hours.map((row) => ({
      period: row.hour.slice(0, 13),
      count: row.tweets ?? undefined,
      complete: row.coverage === 'complete',
    })),
    estimates: new Map(hours.map((row) => [row.hour.slice(0, 13), periodEstimate(row)])),
  };
}

/** A spike found, with what its alert says of it. */
interface Found {
  spike: Spike;
  source: AlertSource;
  cadence: Cadence['name'];
  date: Day;
  days_since_launch: number;
  /** What the counted tweets stand for; none for pageviews, which are not a sample. */
  estimate?: PeriodEstimate;
  /** A day's organic tweets and the rest, and which of the counts the rule ran on. */
  organic?: Partial<AlertRecord>;
}

/**
 * Finds a show's spikes — days of its buzz-daily series (tweets, and pageviews), and hours of the
 * live capture while its window is current — and records an alert for each one not yet recorded (create-if-absent on
 * alert_id: a recomputation, a retried activity or a second worker never records one twice, and a
 * recorded alert is never changed by a later detection). Returns the ids of this show's alerts
 * still waiting for delivery, for the workflow to deliver.
 */
export async function raiseSpikeAlerts(deps: AlertDeps, show: ShowConfig, now: Date): Promise<string[]> {
  const rule = ruleFor(show, deps.alerts.rule);
  const [daily, live] = await Promise.all([dailySeries(deps, show), liveSeries(deps, show, now)]);
  const ofDay = (spike: Spike) => ({
    spike,
    cadence: DAILY.name,
    date: spike.period,
    days_since_launch: daily.daysSinceLaunch.get(spike.period)!,
  });
  const found: Found[] = [
    ...findSpikes(daily.tweets, rule, DAILY).map((spike) => ({
      ...ofDay(spike),
      spike: { ...spike, count: daily.raw.get(spike.period)! },
      estimate: daily.estimates.get(spike.period)!,
      organic: daily.organic.get(spike.period)!,
      source: 'all' as const,
    })),
    ...findSpikes(daily.pageviews, rule, DAILY).map((spike) => ({ ...ofDay(spike), source: 'wikipedia' as const })),
    ...findSpikes(live.points, rule, HOURLY).map((spike) => {
      const date = localDayOf(hourStartMs(spike.period), show.timezone);
      return {
        spike,
        estimate: live.estimates.get(spike.period)!,
        cadence: HOURLY.name,
        source: LIVE_SOURCE,
        date,
        days_since_launch: daysSinceLaunch(date, show.launch_date),
      };
    }),
  ];
  const delivery = { webhook: deps.alerts.webhook !== undefined, maxAgeDays: deps.alerts.maxAgeDays };
  const ids: string[] = [];
  for (const { spike, estimate, organic, cadence, source, date, days_since_launch } of found) {
    const alertId = alertIdOf(show.show_key, spike.period, source);
    const { count, ...measured } = spike;
    const record: AlertRecord = {
      alert_id: alertId,
      show_key: show.show_key,
      show_name: show.show_name,
      season: show.season,
      cadence,
      date,
      source,
      days_since_launch,
      ...measured,
      ...(source === 'wikipedia' ? { pageviews: count } : { tweets: count }),
      ...organic,
      ...estimate,
      ...rule,
      detected_at: now.toISOString(),
      ...deliveryOf(date, dayOfMs(now.getTime()), delivery),
      attempts: 0,
    };
    ids.push(alertId);
    await deps.repos.alerts.createIfAbsent(record);
  }
  return deps.repos.alerts.pending(ids);
}

/**
 * Sends a pending alert to the webhook, once: an alert already delivered (or given up on) is not
 * sent again, whichever attempt or worker asks. Each attempt's outcome is recorded on the alert.
 * Throws the webhook's error so that the caller's retry policy decides what comes next.
 */
export async function deliverAlert(deps: AlertDeps, alertId: string, attempt: number, now = () => new Date()) {
  const found = await deps.repos.alerts.get(alertId);
  if (!found) throw new BuzzError('not_found', `No alert ${alertId}`);
  if (found.alert.status !== 'pending') return found.alert.status;
  const webhook = deps.alerts.webhook;
  if (!webhook) {
    await deps.repos.alerts.update(alertId, {
      status: 'not_sent',
      reason: 'no webhook configured (BUZZ_ALERT_WEBHOOK_URL)',
    });
    return 'not_sent';
  }
  try {
    await postAlert(webhook, alertId, alertMessage(found.alert));
  } catch (error) {
    const refused = isBuzzError(error) && !error.retryable;
    await deps.repos.alerts.update(alertId, {
      attempts: attempt,
      last_error: describeError(error),
      last_attempt_at: now().toISOString(),
      ...(refused ? { status: 'failed' as const, reason: 'the webhook refused it' } : {}),
    });
    throw error;
  }
  const at = now().toISOString();
  await deps.repos.alerts.update(alertId, {
    status: 'delivered',
    delivered_at: at,
    attempts: attempt,
    last_attempt_at: at,
  });
  return 'delivered' as AlertStatus;
}

/** Gives up on an alert that is still pending (its delivery ran out of time). */
export async function giveUpAlert(deps: AlertDeps, alertId: string, reason: string): Promise<void> {
  const found = await deps.repos.alerts.get(alertId);
  if (found?.alert.status !== 'pending') return;
  // Only if nothing (a late delivery) changed it since it was read.
  await deps.repos.alerts.update(alertId, { status: 'failed', reason }, found.version);
}
