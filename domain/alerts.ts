import { addDays, type Day } from './days';
import { estimateText, thousands } from './estimates';
import type { ShowConfig } from './show-config';
import type { Cadence, Spike, SpikeRule } from './spike-rule';
import type { Source } from './tweet';

/**
 * An alert's life: `pending` until the webhook accepts it (2xx), then `delivered`; `failed` when
 * the webhook refused it for good (a 4xx other than 408 and 429) or kept failing for a day;
 * `not_sent` when there was nothing to send it to or the day was too old to be news.
 */
export const ALERT_STATUSES = ['pending', 'delivered', 'failed', 'not_sent'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** What the daily rule counts of a show's tweets (BUZZ_ALERT_COUNTS): organic ones, or all that match. */
export const ALERT_COUNTS = ['organic', 'raw'] as const;
export type AlertCounts = (typeof ALERT_COUNTS)[number];

/**
 * What an alert counted: every source's tweets (days), the live capture's posts (hours), or the
 * show's Wikipedia pageviews (days).
 */
export type AlertSource = Source | 'all' | 'wikipedia';

/**
 * A buzz-alerts document (its _id is alert_id). `period` is the spike's day (in the show's time
 * zone) or, for the live source, its UTC hour (`YYYY-MM-DDTHH`). The rule's count is `tweets`, or
 * `pageviews` for the source `wikipedia`.
 */
export interface AlertRecord extends Omit<Spike, 'count'> {
  /**
   * spike:<show_key>:<period>, or spike:<show_key>:wikipedia:<period> for pageviews: one alert per
   * show, signal and period, whoever computes it and however often.
   */
  alert_id: string;
  show_key: string;
  show_name: string;
  season: string;
  cadence: Cadence['name'];
  /** The day of the period: the spike's day, or the day (in the show's time zone) of its hour. */
  date: Day;
  source: AlertSource;
  /** The period's matching tweets (or live posts); absent on a pageviews alert. */
  tweets?: number;
  /**
   * On a day's tweets alert: which count the rule ran on, and the day's organic tweets and what
   * was not organic (domain/organic.ts). Absent on other alerts and those recorded before organic
   * counts existed.
   */
  counts?: AlertCounts;
  organic_tweets?: number;
  owned?: number;
  flood?: number;
  burst?: number;
  /** The day's Wikipedia pageviews, summed over the show's articles; only on a pageviews alert. */
  pageviews?: number;
  days_since_launch: number;
  /**
   * The whole population's tweets of the period with their 95% interval (domain/estimates.ts):
   * the rule runs on counted tweets, the alert says what they stand for. Null without an
   * estimate (`no_estimate` says why); absent on alerts recorded before estimates existed.
   */
  est_tweets?: number | null;
  est_tweets_low?: number | null;
  est_tweets_high?: number | null;
  /** The inclusion probability of the counted tweets: below 1, they are a sample. */
  sample_rate?: number | null;
  no_estimate?: string | null;
  k: number;
  min_count: number;
  detected_at: string;
  status: AlertStatus;
  /** Why a `not_sent` alert was not sent, or a `failed` one gave up. */
  reason?: string;
  attempts: number;
  last_error?: string;
  last_attempt_at?: string;
  delivered_at?: string;
}

export function alertIdOf(showKey: string, period: string, source: AlertSource = 'all'): string {
  return source === 'wikipedia' ? `spike:${showKey}:wikipedia:${period}` : `spike:${showKey}:${period}`;
}

/**
 * The alert's count in words: `60 matching tweets`, `40 matching bluesky posts`, `6,000 Wikipedia
 * pageviews`; with organic counts, the one the rule ran on first and the day's other categories:
 * `12 organic tweets (of 542 matching: 30 owned, 499 flood, 1 burst)`, or `60 matching tweets (all
 * organic)`.
 */
export function alertCount(
  alert: Pick<
    AlertRecord,
    'source' | 'tweets' | 'pageviews' | 'counts' | 'organic_tweets' | 'owned' | 'flood' | 'burst'
  >,
): string {
  if (alert.source === 'wikipedia') return `${thousands(alert.pageviews ?? 0)} Wikipedia pageviews`;
  const what = alert.source === 'all' ? 'matching tweets' : `matching ${alert.source} posts`;
  const tweets = thousands(alert.tweets ?? 0);
  if (alert.counts === undefined || alert.organic_tweets === undefined) return `${tweets} ${what}`;
  if (alert.organic_tweets === alert.tweets) return `${tweets} ${what} (all organic)`;
  const others = `${thousands(alert.owned ?? 0)} owned, ${thousands(alert.flood ?? 0)} flood, ${thousands(alert.burst ?? 0)} burst`;
  const organic = thousands(alert.organic_tweets);
  return alert.counts === 'organic'
    ? `${organic} organic tweets (of ${tweets} matching: ${others})`
    : `${tweets} ${what} (${organic} organic; ${others})`;
}

/** The rule a show is measured by: its own sheet columns where set, the deployment's otherwise. */
export function ruleFor(show: ShowConfig, defaults: SpikeRule): SpikeRule {
  return { k: show.alert_k ?? defaults.k, min_count: show.alert_min_count ?? defaults.min_count };
}

/** Where a new alert goes: the webhook, or nowhere and why. */
export function deliveryOf(
  date: Day,
  today: Day,
  settings: { webhook: boolean; maxAgeDays: number },
): { status: 'pending' } | { status: 'not_sent'; reason: string } {
  if (!settings.webhook) return { status: 'not_sent', reason: 'no webhook configured (BUZZ_ALERT_WEBHOOK_URL)' };
  if (date < addDays(today, -settings.maxAgeDays))
    return {
      status: 'not_sent',
      reason: `older than ${settings.maxAgeDays} days when found (BUZZ_ALERT_MAX_AGE_DAYS)`,
    };
  return { status: 'pending' };
}

/** When the spike was: its day, or its hour (`2026-11-27 14:00 UTC`). */
export function alertWhen(alert: AlertRecord): string {
  return alert.cadence === 'hour' ? `${alert.period.replace('T', ' ')}:00 UTC` : alert.period;
}

/** Where an alert stands, in words: delivered when, what holds a pending one, why one was not sent. */
export function alertDetail(alert: AlertRecord): string {
  if (alert.status === 'delivered') return `delivered ${alert.delivered_at} (attempt ${alert.attempts})`;
  if (alert.status === 'pending')
    return alert.attempts > 0 ? `attempt ${alert.attempts}: ${alert.last_error}` : 'sending';
  return alert.reason ?? '';
}

/** An alert as it is listed (GET /api/alerts, `alerts`): the record with its cells in words. */
export interface AlertRow extends AlertRecord {
  when: string;
  /** `<show_name> (<season>)` */
  show: string;
  /** What spiked and how much (alertCount). */
  count: string;
  /** `4,200 (3,027–5,678)`: the estimate of all tweets with its interval; empty without one. */
  estimate: string;
  detail: string;
}

export function alertRow(alert: AlertRecord): AlertRow {
  return {
    ...alert,
    when: alertWhen(alert),
    show: `${alert.show_name} (${alert.season})`,
    count: alertCount(alert),
    estimate: estimateText(alert.est_tweets ?? null, alert.est_tweets_low ?? null, alert.est_tweets_high ?? null),
    detail: alertDetail(alert),
  };
}

/** What the counted tweets stand for, as a sentence of the alert: nothing to add for a census. */
function estimateSentence(alert: AlertRecord): string {
  if (alert.est_tweets === undefined || alert.sample_rate === 1) return '';
  if (alert.est_tweets === null) return ` Counted from a sample, with no estimate of all tweets: ${alert.no_estimate}.`;
  return (
    ` Counted from a sample: an estimated ${thousands(alert.est_tweets)} in all ` +
    `(95% interval ${thousands(alert.est_tweets_low ?? 0)}–${thousands(alert.est_tweets_high ?? 0)}).`
  );
}

/**
 * The columns of an alert list, the CLI's table and the dashboard's (served to it as
 * /assets/definitions.js): a header and the field of the alert's row it shows. Fields, not
 * functions, so the browser can take them as JSON and read the rows the API serves.
 */
export const ALERT_COLUMNS = [
  { label: 'When', field: 'when' },
  { label: 'Show', field: 'show' },
  { label: 'Days since launch', field: 'days_since_launch' },
  { label: 'Count', field: 'count' },
  { label: 'All tweets, est. (95%)', field: 'estimate' },
  { label: 'Baseline median', field: 'baseline_median' },
  { label: 'Threshold', field: 'threshold' },
  { label: 'Status', field: 'status' },
  { label: 'Detail', field: 'detail' },
] as const satisfies readonly { label: string; field: keyof AlertRow }[];

/**
 * The webhook's JSON body: Slack's incoming-webhook message (`text`, with `blocks` for layout),
 * and the alert itself under `buzz_alert` for receivers that are programs.
 */
export function alertMessage(alert: AlertRecord) {
  const when =
    alert.cadence === 'hour'
      ? `in the hour from ${alert.period.slice(11)}:00 UTC on ${alert.period.slice(0, 10)}`
      : `on ${alert.period}`;
  const text =
    `Spike: ${alert.show_name} (season ${alert.season}) had ${alertCount(alert)} ${when} ` +
    `(day ${alert.days_since_launch} of its launch), against a median of ${thousands(alert.baseline_median)} ` +
    `over the ${alert.baseline_periods} ${alert.cadence}s before.${estimateSentence(alert)}`;
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    buzz_alert: {
      alert_id: alert.alert_id,
      show_key: alert.show_key,
      cadence: alert.cadence,
      period: alert.period,
      source: alert.source,
      days_since_launch: alert.days_since_launch,
      tweets: alert.tweets ?? null,
      counts: alert.counts ?? null,
      organic_tweets: alert.organic_tweets ?? null,
      owned: alert.owned ?? null,
      flood: alert.flood ?? null,
      burst: alert.burst ?? null,
      pageviews: alert.pageviews ?? null,
      est_tweets: alert.est_tweets ?? null,
      est_tweets_low: alert.est_tweets_low ?? null,
      est_tweets_high: alert.est_tweets_high ?? null,
      sample_rate: alert.sample_rate ?? null,
      baseline_median: alert.baseline_median,
      baseline_mad: alert.baseline_mad,
      threshold: alert.threshold,
      k: alert.k,
      min_count: alert.min_count,
      detected_at: alert.detected_at,
    },
  };
}
