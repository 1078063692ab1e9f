import { SearchAttributeType, defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import type { Day } from '../domain/days';

/**
 * The custom search attributes BuzzTracker's workflows carry, so that the Temporal Web UI (and
 * `temporal workflow list --query`) can find "every workflow of 2019-07-03" (`BuzzDays =
 * '2019-07-03'`), "every run of a show" (`BuzzShowKey = 'zephyrine-hollow:2'`) or "everything read
 * from a source" (`BuzzSource = 'dir:…'`). Set when a workflow starts, never changed after.
 */
export const SEARCH_ATTRIBUTES = {
  days: defineSearchAttributeKey('BuzzDays', SearchAttributeType.KEYWORD_LIST),
  showKey: defineSearchAttributeKey('BuzzShowKey', SearchAttributeType.KEYWORD),
  source: defineSearchAttributeKey('BuzzSource', SearchAttributeType.KEYWORD),
} as const;

/** The attributes of a workflow that ingests or rebuilds days (from a source, when it reads one). */
export function dayAttributes(days: Day[], source?: string): SearchAttributePair[] {
  return [
    { key: SEARCH_ATTRIBUTES.days, value: days },
    ...(source === undefined ? [] : [{ key: SEARCH_ATTRIBUTES.source, value: source }]),
  ];
}

export function showAttributes(showKey: string): SearchAttributePair[] {
  return [{ key: SEARCH_ATTRIBUTES.showKey, value: showKey }];
}
