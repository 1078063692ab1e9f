import { DateTime } from 'luxon';
import { addDays, type Day } from './days';

/** The UTC instant (ms) at which a calendar day starts in a time zone. */
export function localDayStartMs(day: Day, zone: string): number {
  return DateTime.fromISO(day, { zone }).startOf('day').toMillis();
}

/** The calendar day of a UTC instant in a time zone. */
export function localDayOf(ms: number, zone: string): Day {
  return DateTime.fromMillis(ms, { zone }).toISODate()!;
}

/**
 * localDayOf for many instants of one zone: each local day's bounds are found once and kept, so
 * the instants of a day already seen need no time zone arithmetic (for a show's posts, most of
 * the cost of classifying them otherwise).
 */
export function localDaysOf(zone: string): (ms: number) => Day {
  const known: { day: Day; start: number; end: number }[] = [];
  return (ms) => {
    const found = known.find((bounds) => ms >= bounds.start && ms < bounds.end);
    if (found) return found.day;
    const day = localDayOf(ms, zone);
    known.push({ day, start: localDayStartMs(day, zone), end: localDayStartMs(addDays(day, 1), zone) });
    return day;
  };
}

/**
 * The UTC hour groups ("YYYY-MM-DD" + "HH") whose hour starts within a local day: 24 of them,
 * 23 or 25 on daylight-saving days. Ingestion counts by UTC hour, so a local day's sample volume
 * and completeness come from these (exact for zones at whole-hour offsets).
 */
export function utcHoursOfLocalDay(day: Day, zone: string): { day: Day; group: string }[] {
  const end = localDayStartMs(addDays(day, 1), zone);
  const hours: { day: Day; group: string }[] = [];
  // The first UTC hour that starts at or after local midnight.
  for (let ms = Math.ceil(localDayStartMs(day, zone) / 3_600_000) * 3_600_000; ms < end; ms += 3_600_000) {
    const iso = new Date(ms).toISOString();
    hours.push({ day: iso.slice(0, 10), group: iso.slice(11, 13) });
  }
  return hours;
}

export function daysSinceLaunch(day: Day, launch: Day): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${launch}T00:00:00Z`)) / 86_400_000);
}

/**
 * The local days of a show to compute: its whole window, or the days around some UTC days of
 * ingestion (in the show's time zone each touches the day before or after) that fall in it;
 * undefined when none do.
 */
export function daysToCompute(
  window: { window_start: Day; window_end: Day },
  utcDays?: Day[],
): { from: Day; to: Day } | undefined {
  if (!utcDays) return { from: window.window_start, to: window.window_end };
  const local = [...new Set(utcDays.flatMap((day) => [addDays(day, -1), day, addDays(day, 1)]))];
  const inWindow = local.filter((day) => day >= window.window_start && day <= window.window_end).sort();
  return inWindow.length === 0 ? undefined : { from: inWindow[0]!, to: inWindow[inWindow.length - 1]! };
}
