import type { DailyDoc, DayMetrics } from './buzz-docs';
import type { DayCounts } from './buzz-query';

/**
 * How much of a show's (local) day BuzzTracker has ingested — the one rule every output follows:
 *
 * - `none`: no hour of it. The day has no values: its buzz is unknown, not zero. buzz-daily holds
 *   no metric field for it, the API and `buzz --format json` give null, CSV and tables leave the
 *   cells empty, charts leave a gap.
 * - `partial`: some of its hours, or every hour with a member that could not be read whole. Its
 *   counts are what those hours hold, and every output marks them partial.
 * - `complete`: every hour, every member whole (`data_complete`). A complete day without a
 *   matching tweet is a real 0.
 */
export type Coverage = 'none' | 'partial' | 'complete';

/** What ingestion recorded of one UTC hour (its hour-group manifest). */
export interface IngestedHour {
  /** Statuses kept by the language filter. */
  kept: number;
  /** Every member of the hour read whole. */
  complete: boolean;
}

/**
 * Two records of the same UTC hour as one (several hour groups, or the archive and the live
 * capture): their statuses add up; complete when each is.
 */
export function mergeIngestedHours(a: IngestedHour | undefined, b: IngestedHour | undefined): IngestedHour | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return { kept: a.kept + b.kept, complete: a.complete && b.complete };
}

/** A day's coverage from its UTC hours, each as ingestion recorded it or undefined when it never ingested it. */
export function coverageOfHours(hours: readonly (IngestedHour | undefined)[]): Coverage {
  if (hours.every((hour) => hour === undefined)) return 'none';
  return hours.every((hour) => hour?.complete === true) ? 'complete' : 'partial';
}

/**
 * A day's buzz-daily fields from the buzz search's counts and its ingested UTC hours: the metrics
 * of what was ingested, and no metric at all when nothing was.
 */
export function measuredDay(
  counts: DayCounts,
  hours: readonly (IngestedHour | undefined)[],
): { date: string; data_complete: boolean } & (DayMetrics | Record<never, never>) {
  const coverage = coverageOfHours(hours);
  if (coverage === 'none') return { date: counts.date, data_complete: false };
  const statuses = hours.reduce((sum, hour) => sum + (hour?.kept ?? 0), 0);
  return {
    ...counts,
    share_of_sample: statuses > 0 ? counts.tweets / statuses : null,
    statuses_in_sample: statuses,
    data_complete: coverage === 'complete',
  };
}

/** Whether a buzz-daily document holds metrics (its day had something ingested). */
export function hasMetrics(doc: DailyDoc): doc is DailyDoc & DayMetrics {
  return doc.tweets !== undefined && doc.tweets !== null;
}

/** A buzz-daily document's coverage: no metrics → none; `data_complete` → complete; else partial. */
export function coverageOf(doc: DailyDoc): Coverage {
  if (!hasMetrics(doc)) return 'none';
  return doc.data_complete ? 'complete' : 'partial';
}

export interface BuzzTotals {
  /** Matching tweets over the days with data. */
  tweets: number;
  /** Days with data (partial or complete): the days the total covers. */
  daysWithData: number;
  /** Of those, the partial ones. */
  partialDays: number;
  /** All days given, no-data days included. */
  days: number;
}

/** Totals over a show's days: days with nothing ingested are skipped, and counted apart. */
export function buzzTotals(days: DailyDoc[]): BuzzTotals {
  const measured = days.filter(hasMetrics);
  return {
    tweets: measured.reduce((sum, day) => sum + day.tweets, 0),
    daysWithData: measured.length,
    partialDays: measured.filter((day) => !day.data_complete).length,
    days: days.length,
  };
}
