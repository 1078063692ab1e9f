import { dayOfMs, dayStartMs } from '../domain/days';
import type { Random } from './random';
import type { Phrase, SampleShow } from './shows';

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
    const days = (dayStartMs(day) - dayStartMs(show.row.launch_date)) / 86_400_000;
    const curve = days >= 0 ? Math.exp(-days / 4) : Math.exp(days / 1.5);
    roll -= Math.min(1, (show.peakPerMinute * curve) / candidatesPerMinute);
    if (roll < 0) return { show, phrase: random.pick(show.phrases) };
  }
  return undefined;
}
