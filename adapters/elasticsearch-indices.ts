import type { Client } from '@elastic/elasticsearch';
import { DEFAULT_INDEX_LAYOUT, type IndexLayout, type IndexNames } from '../domain/index-names';

const keyword = { type: 'keyword' } as const;
const long = { type: 'long' } as const;

/** The index settings of a layout: a fixed number of replicas, or a range that follows the nodes. */
function layoutSettings(layout: IndexLayout) {
  return {
    number_of_shards: layout.shards,
    ...(layout.replicas.includes('-')
      ? { auto_expand_replicas: layout.replicas }
      : { number_of_replicas: Number(layout.replicas) }),
  };
}

/**
 * `text_norm` holds text already normalized by our own code (domain/text.ts), so the built-in
 * whitespace analyzer is all Elasticsearch needs: no analysis-common module, no custom analyzer.
 */
export const TWEET_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    id: keyword,
    created_at: { type: 'date' },
    text: { type: 'text', index: false },
    text_norm: { type: 'text', analyzer: 'whitespace', norms: false },
    lang: keyword,
    is_retweet: { type: 'boolean' },
    is_quote: { type: 'boolean' },
    is_reply: { type: 'boolean' },
    retweeted_id: keyword,
    user_id: keyword,
    user_screen_name: keyword,
    user_followers: long,
    hashtags: keyword,
    mentions: keyword,
    // Absent on documents indexed before sources existed: those are all from the Twitter archive.
    source: keyword,
    // A double holds the score as JSON wrote it, so "≥ 0.05 is positive" holds in queries as in code.
    sentiment: { type: 'double' },
    // Read as a column by a show's computation (domain/near-duplicates.ts), never searched.
    near_duplicate_bands: { type: 'binary', doc_values: true },
  },
} as const;

const COUNT_FIELDS = [
  'lines',
  'statuses',
  'kept',
  'filtered_out',
  'notices',
  'malformed',
  'indexed',
  'delete_notices',
  'deletes_applied',
  'members',
  'members_failed',
  'bytes_in',
  'bytes_json',
  'bytes_out',
  'sample_checked',
  'sample_in_window',
];

const INGEST_MAPPINGS = {
  dynamic: false,
  properties: {
    kind: keyword,
    day: { type: 'date', format: 'strict_date' },
    group: keyword,
    // The archive's URI for a day, or `bluesky` for an hour of the live capture.
    source: keyword,
    archive: keyword,
    complete: { type: 'boolean' },
    hours_missing: keyword,
    sample_verdict: keyword,
    sample_share: { type: 'double' },
    seconds: { type: 'float' },
    completed_at: { type: 'date' },
    ...Object.fromEntries(COUNT_FIELDS.map((field) => [field, long])),
  },
} as const;

const DELETES_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    tweet_created_at: { type: 'date' },
    noticed_day: { type: 'date', format: 'strict_date' },
    held: { type: 'boolean' },
  },
} as const;

/** Deletes every index of a prefix (by name: the local node refuses wildcard deletes). */
export async function deleteIndicesWithPrefix(es: Client, prefix: string): Promise<void> {
  const names = Object.keys(await es.indices.get({ index: `${prefix}-*` }));
  if (names.length > 0) await es.indices.delete({ index: names.join(',') });
}

/** Creates the index, or adds fields that newer versions map to an existing one. */
async function ensureIndex(
  es: Client,
  index: string,
  mappings: { properties: object },
  layout: IndexLayout,
): Promise<void> {
  if (await es.indices.exists({ index })) {
    await es.indices.putMapping({ index, properties: mappings.properties as never });
    return;
  }
  try {
    await es.indices.create({ index, settings: layoutSettings(layout), mappings: mappings as never });
  } catch (error) {
    // Another worker created it between our check and our create.
    if ((error as { body?: { error?: { type?: string } } }).body?.error?.type !== 'resource_already_exists_exception')
      throw error;
  }
}

/** Creates the tweet index template and the ingest indices; safe to call any number of times. */
export async function ensureIngestIndices(
  es: Client,
  names: IndexNames,
  layout: IndexLayout = DEFAULT_INDEX_LAYOUT,
): Promise<void> {
  await es.indices.putIndexTemplate({
    name: names.tweetsAlias,
    index_patterns: [names.tweetsPattern],
    priority: 500,
    template: {
      settings: { ...layoutSettings(layout), refresh_interval: '5s' },
      mappings: TWEET_MAPPINGS as never,
      aliases: { [names.tweetsAlias]: {} },
    },
  });
  await es.indices.putMapping({
    index: names.tweetsPattern,
    allow_no_indices: true,
    properties: TWEET_MAPPINGS.properties as never,
  });
  await ensureIndex(es, names.deletes, DELETES_MAPPINGS, layout);
  await ensureIndex(es, names.ingest, INGEST_MAPPINGS, layout);
}

export const DAILY_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    show_key: keyword,
    show_name: keyword,
    season: keyword,
    studio_or_network: keyword,
    timezone: keyword,
    match_mode: keyword,
    date: { type: 'date', format: 'strict_date' },
    launch_date: { type: 'date', format: 'strict_date' },
    days_since_launch: { type: 'integer' },
    tweets: long,
    original_tweets: long,
    retweets: long,
    unique_authors: long,
    share_of_sample: { type: 'double' },
    statuses_in_sample: long,
    data_complete: { type: 'boolean' },
    sample_rate: { type: 'double' },
    est_tweets: long,
    est_tweets_low: long,
    est_tweets_high: long,
    est_retweets: long,
    est_retweets_low: long,
    est_retweets_high: long,
    sampled_tweets: long,
    est_unique_authors: long,
    est_unique_authors_low: long,
    est_unique_authors_high: long,
    no_authors_estimate: keyword,
    sample_verdict: keyword,
    no_estimate: keyword,
    scored: long,
    positive: long,
    neutral: long,
    negative: long,
    net_sentiment: { type: 'double' },
    mean_sentiment: { type: 'double' },
    owned: long,
    flood: long,
    burst: long,
    organic_tweets: long,
    organic_unique_authors: long,
    sampled_organic_tweets: long,
    term_counts: { type: 'nested', properties: { term: keyword, tweets: long } },
    pageviews: long,
    pageviews_coverage: keyword,
    pageviews_by_article: { type: 'nested', properties: { article: keyword, pageviews: long } },
    computed_at: { type: 'date' },
  },
} as const;

const SHOWS_MAPPINGS = {
  dynamic: false,
  properties: {
    show_key: keyword,
    show_name: keyword,
    season: keyword,
    studio_or_network: keyword,
    status: keyword,
    active: { type: 'boolean' },
    launch_date: { type: 'date', format: 'strict_date' },
    window_start: { type: 'date', format: 'strict_date' },
    window_end: { type: 'date', format: 'strict_date' },
    timezone: keyword,
    sheet: keyword,
    sheet_row: { type: 'integer' },
    synced_at: { type: 'date' },
    last_computed_at: { type: 'date' },
    config: { type: 'object', enabled: false },
  },
} as const;

const SHEET_SYNCS_MAPPINGS = {
  dynamic: false,
  properties: { sheet: keyword, synced_at: { type: 'date' }, rows: { type: 'integer' }, valid: { type: 'integer' } },
} as const;

const ALERTS_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    alert_id: keyword,
    show_key: keyword,
    show_name: keyword,
    season: keyword,
    cadence: keyword,
    period: keyword,
    date: { type: 'date', format: 'strict_date' },
    source: keyword,
    days_since_launch: { type: 'integer' },
    tweets: long,
    counts: keyword,
    organic_tweets: long,
    owned: long,
    flood: long,
    burst: long,
    pageviews: long,
    est_tweets: long,
    est_tweets_low: long,
    est_tweets_high: long,
    sample_rate: { type: 'double' },
    no_estimate: { type: 'text', index: false },
    baseline_periods: { type: 'integer' },
    baseline_median: { type: 'double' },
    baseline_mad: { type: 'double' },
    threshold: { type: 'double' },
    k: { type: 'double' },
    min_count: long,
    detected_at: { type: 'date' },
    status: keyword,
    reason: { type: 'text', index: false },
    attempts: { type: 'integer' },
    last_error: { type: 'text', index: false },
    last_attempt_at: { type: 'date' },
    delivered_at: { type: 'date' },
  },
} as const;

/** Wikipedia pageviews: one document per article and published day (adapters/repositories/pageviews.ts). */
const PAGEVIEWS_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    project: keyword,
    article: keyword,
    date: { type: 'date', format: 'strict_date' },
    views: long,
    fetched_at: { type: 'date' },
  },
} as const;

/** Creates the buzz indices: daily metrics, the show registry, sheet sync reports, spike alerts, pageviews. */
export async function ensureShowIndices(
  es: Client,
  names: IndexNames,
  layout: IndexLayout = DEFAULT_INDEX_LAYOUT,
): Promise<void> {
  await ensureIndex(es, names.daily, DAILY_MAPPINGS, layout);
  await ensureIndex(es, names.alerts, ALERTS_MAPPINGS, layout);
  await ensureIndex(es, names.shows, SHOWS_MAPPINGS, layout);
  await ensureIndex(es, names.sheetSyncs, SHEET_SYNCS_MAPPINGS, layout);
  await ensureIndex(es, names.pageviews, PAGEVIEWS_MAPPINGS, layout);
}
