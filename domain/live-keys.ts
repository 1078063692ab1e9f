import type { Day } from './days';

/**
 * Store keys of the live Bluesky capture, from business keys only (the UTC day and hour of the
 * network's clock, and the time range a part holds), so a re-captured range overwrites itself.
 * Raw events stay compressed per hour, as the archive layout keeps a day: an hour can be sealed
 * again without the network.
 */
export const liveKeys = {
  hourPrefix: (day: Day, hour: string) => `live/bluesky/day=${day}/hour=${hour}/`,
  part: (day: Day, hour: string, firstUs: number, lastUs: number) =>
    `live/bluesky/day=${day}/hour=${hour}/part-${firstUs}-${lastUs}.ndjson.gz`,
  tweets: (day: Day, hour: string) => `preprocessed/source=bluesky/day=${day}/hour=${hour}/tweets.ndjson.gz`,
  manifest: (day: Day, hour: string) => `manifests/source=bluesky/day=${day}/hour=${hour}.json`,
};

/** An hour of the network's clock as `YYYY-MM-DDTHH` (UTC), its start and end in microseconds. */
export function hourKey(day: Day, hour: string): string {
  return `${day}T${hour}`;
}

export function hourBoundsUs(key: string): { startUs: number; endUs: number } {
  const startMs = Date.parse(`${key}:00:00Z`);
  return { startUs: startMs * 1000, endUs: (startMs + 3_600_000) * 1000 };
}
