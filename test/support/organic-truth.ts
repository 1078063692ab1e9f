import type { OrganicValues } from '../../domain/buzz-format';
import { ORGANIC_FIELDS } from '../../domain/organic';
import type { ShowDayTruth } from '../../simulator/generator';

/**
 * The organic counts of a generated day: the generator writes neither official accounts, floods
 * nor bursts, so every matching post is organic. Without a truth: a day with nothing ingested.
 */
export function generatedOrganic(truth?: Pick<ShowDayTruth, 'tweets' | 'unique_authors'>): OrganicValues {
  if (!truth) return { owned: null, flood: null, burst: null, organic_tweets: null, organic_unique_authors: null };
  return { owned: 0, flood: 0, burst: 0, organic_tweets: truth.tweets, organic_unique_authors: truth.unique_authors };
}

/** The same as CSV cells, in BUZZ_CSV_COLUMNS order. */
export function organicCells(values: OrganicValues): string {
  return ORGANIC_FIELDS.map((field) => (values[field] === null ? '' : String(values[field]))).join(',');
}
