import type { EstimateFields } from './day-estimates';
import type { OrganicFields } from './organic';
import type { PageviewsFields } from './pageviews';
import type { Day } from './days';
import type { SentimentFields } from './sentiment-metrics';
import type { ShowConfig } from './show-config';

/**
 * What a day measured. A day with nothing ingested has none of it: its buzz-daily document
 * carries no metric field at all (never zeros), so that Elasticsearch and Kibana see missing
 * values there. See domain/buzz-coverage.ts. The estimates are absent on days computed before
 * they existed, and so are sentiment and the organic counts, until the show computes again.
 */
export interface DayMetrics extends Partial<EstimateFields>, Partial<SentimentFields>, Partial<OrganicFields> {
  tweets: number;
  original_tweets: number;
  retweets: number;
  unique_authors: number;
  /** tweets ÷ statuses ingested that day (after the language filter); null when none were. */
  share_of_sample: number | null;
  statuses_in_sample: number;
  term_counts: { term: string; tweets: number }[];
  /** Of `organic_tweets`, those counted from a sample (domain/organic.ts), to compare windows by. */
  sampled_organic_tweets?: number | null;
}

/** A buzz-daily document: one show season on one day of its window, in its time zone. */
export type DailyDoc = {
  show_key: string;
  show_name: string;
  season: string;
  studio_or_network: string;
  timezone: string;
  match_mode: string;
  date: Day;
  launch_date: Day;
  days_since_launch: number;
  /** Every hour of the day was ingested, every member whole. */
  data_complete: boolean;
  computed_at: string;
} & PageviewsFields &
  (DayMetrics | { [K in keyof DayMetrics]?: undefined });

export type ShowStatus = 'active' | 'inactive' | 'removed';

/** A show as the registry (the buzz-shows index) knows it. */
export interface RegisteredShow {
  show_key: string;
  show_name: string;
  season: string;
  studio_or_network: string;
  status: ShowStatus;
  active: boolean;
  launch_date: Day;
  window_start: Day;
  window_end: Day;
  timezone: string;
  sheet: string;
  sheet_row: number;
  synced_at: string;
  fingerprint: string;
  config: ShowConfig;
  last_computed_at?: string;
  /** Set once the show's pageviews were fetched (it lists Wikipedia articles). */
  pageviews_fetch?: PageviewsFetchReport;
}

/** What a show's last pageviews fetch could not get, for its row's warnings. */
export interface PageviewsFetchReport {
  fetched_at: string;
  /** Articles the API had no data for (404): a typo, a renamed article, or one nobody viewed. */
  not_found: string[];
  /** Requests that failed for good, with the URL and status. */
  failed: { article: string; error: string }[];
}
