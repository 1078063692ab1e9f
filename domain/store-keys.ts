import type { Day } from './days';

/**
 * Object keys in the store, derived from business keys only (day, hour group), so a retried
 * or re-run step overwrites what it wrote before instead of adding to it.
 */
export const storeKeys = {
  archiveIndex: (day: Day) => `archives/day=${day}/members.json`,
  dayPrefix: (day: Day) => `preprocessed/day=${day}/`,
  tweets: (day: Day, group: string) => `preprocessed/day=${day}/hour=${group}/tweets.ndjson.gz`,
  deletedIds: (day: Day, group: string) => `preprocessed/day=${day}/hour=${group}/deleted-ids.txt.gz`,
  groupManifest: (day: Day, group: string) => `manifests/day=${day}/hour=${group}.json`,
  dayManifest: (day: Day) => `manifests/day=${day}/day.json`,
};

/** The hour group of a preprocessed tweets key, or undefined for other keys. */
export function groupOfTweetsKey(key: string): string | undefined {
  return /\/hour=(\d{2})\/tweets\.ndjson\.gz$/.exec(key)?.[1];
}
