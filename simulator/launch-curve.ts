import { dayOfMs, dayStartMs, type Day } from '../domain/days';
import type { Random } from './random';
import type { Phrase, SampleShow } from './shows';

/** The launch curve's height on `day`: 1 on launch day, rising over the days before, decaying after. */
export function launchCurve(day: Day, launch: Day): number {
  const days = (dayStartMs(day) - dayStartMs(launch)) / 86_400_000;
  return days >= 0 ? Math.exp(-days / 4) : Math.exp(days / 1.5);
}

/**
 * Picks at most one show phrase for a new post or tweet a phrase can be planted in, following
 * each show's launch curve: rising in the days before launch, decaying after it. Both generators
 * (the Twitter archives, the Jetstream log) plant by this one rule, so their shows buzz alike.
 * `candidatesPerMinute` (the plantable posts per minute) turns each show's rate into a chance.
 */
export function plantPhrase(
  random: Random,
  shows: readonly SampleShow[],
  timeMs: number,
  candidatesPerMinute: number,
): { show: SampleShow; phrase: Phrase } | undefined {
  const day = dayOfMs(timeMs);
  let roll = random.next();
  for (const show of shows) {
    roll -= Math.min(1, (show.peakPerMinute * launchCurve(day, show.row.launch_date)) / candidatesPerMinute);
    if (roll < 0) return { show, phrase: random.pick(show.phrases) };
  }
  return undefined;
}
