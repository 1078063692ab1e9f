import { snowflakeTimeMs } from './snowflake';

/*
 * Whether a day of the archive is the public 1% sample stream. The stream kept a tweet when the
 * millisecond part of its snowflake id's time fell in 657–666: 10 ms of every second (Kergl,
 * Roedler & Seeber, "Endogenesis of the Twitter sample", 2014; Pfeffer, Mayer & Morstatter,
 * "Tampering with Twitter's Sample API", EPJ Data Science 7, 2018). A day whose statuses follow
 * that rule is a 1% sample of all public tweets; one whose statuses do not (another stream, a
 * filtered archive) is not, and nothing can be estimated from it.
 */

export const SAMPLE_MILLISECONDS = { from: 657, to: 666 } as const;
/** The inclusion probability of the rule: 10 ms of every 1,000. */
export const SAMPLE_RATE = 0.01;
/** The share of statuses in the window from which a day is taken for the sample (the rest: noise, clock skew). */
export const SAMPLE_SHARE_MIN = 0.99;

/** True when the id is a snowflake whose millisecond is in the sample's window; undefined for older ids. */
export function inSampleWindow(id: string): boolean | undefined {
  const timeMs = snowflakeTimeMs(id);
  if (timeMs === undefined) return undefined;
  const ms = timeMs % 1000;
  return ms >= SAMPLE_MILLISECONDS.from && ms <= SAMPLE_MILLISECONDS.to;
}

/** `sample`: the 1% sample stream; `not_sample`: statuses outside the rule; `unknown`: no snowflake id to tell. */
export type SampleVerdict = 'sample' | 'not_sample' | 'unknown';

/** A day's (or group's) check of the rule, as its manifest records it. */
export interface SampleCheck {
  /** Kept statuses whose snowflake id is in the window. */
  in_window: number;
  /** Kept statuses with a snowflake id (ids before November 2010 cannot be checked). */
  statuses: number;
  /** in_window ÷ statuses; null when there is no status to check. */
  share: number | null;
  verdict: SampleVerdict;
}

export function sampleCheck(counts: { sample_checked?: number; sample_in_window?: number }): SampleCheck {
  const statuses = counts.sample_checked ?? 0;
  const inWindow = counts.sample_in_window ?? 0;
  const share = statuses === 0 ? null : inWindow / statuses;
  return {
    in_window: inWindow,
    statuses,
    share,
    verdict: share === null ? 'unknown' : share >= SAMPLE_SHARE_MIN ? 'sample' : 'not_sample',
  };
}
