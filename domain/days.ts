import { BuzzError } from './errors';

/** A calendar day as YYYY-MM-DD; days are UTC in ingestion (the archive's own partitioning). */
export type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function parseDay(text: string): Day {
  const match = DAY.exec(text);
  if (match) {
    const date = new Date(`${text}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)) return text;
  }
  throw new BuzzError('day_invalid', `"${text}" is not a date of the form YYYY-MM-DD`);
}

export function dayStartMs(day: Day): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function addDays(day: Day, count: number): Day {
  return new Date(dayStartMs(day) + count * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: Day, to: Day): Day[] {
  if (to < from) throw new BuzzError('day_range_invalid', `--to ${to} is before --from ${from}`);
  const days: Day[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The UTC day of a Unix-milliseconds timestamp. */
/** The smallest range holding both: `range` widened to `other`, or `other` when there is no range yet. */
export function spanOf(
  range: { from: Day; to: Day } | undefined,
  other: { from: Day; to: Day },
): { from: Day; to: Day } {
  if (!range) return { from: other.from, to: other.to };
  return { from: range.from < other.from ? range.from : other.from, to: range.to > other.to ? range.to : other.to };
}

export function dayOfMs(ms: number): Day {
  return new Date(ms).toISOString().slice(0, 10);
}

export const HOUR_MS = 3_600_000;

/** `YYYY-MM-DDTHH` of a UTC hour to its start in milliseconds. */
export function hourStartMs(hour: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}$/.test(hour) ? Date.parse(`${hour}:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 13) !== hour)
    throw new BuzzError('bad_input', `"${hour}" is not a UTC hour of the form YYYY-MM-DDTHH`);
  return ms;
}
