import { affectsSentiment, type SentimentLabel } from '../domain/sentiment';
import { sentimentLexicon } from '../domain/sentiment-lexicon';
import { Random } from './random';
import { WORDS } from './vocabulary';

/**
 * Posts of known polarity: a planted post's text is neutral filler (no word the scorer reads)
 * and the show's phrase, followed by one of these phrases, or by none for a neutral post. The
 * label is known by construction, not by scoring; test/unit/sentiment.test.ts checks that the
 * scorer reads each phrase as planted.
 */
export const SENTIMENT_PHRASES: Record<SentimentLabel, readonly string[]> = {
  positive: ['loved it', 'what a great episode', 'this is brilliant'],
  neutral: [''],
  negative: ['hated it', 'what a boring episode', 'this is awful'],
};

const SENTIMENT_MIX: [SentimentLabel, number][] = [
  ['positive', 45],
  ['neutral', 30],
  ['negative', 25],
];

export interface PlantedSentiment {
  label: SentimentLabel;
  text: string;
}

/** Mixed into the seed of each planted post's polarity. */
const SENTIMENT_SALT = 0x5e471;

/**
 * A planted post's polarity, drawn from the data's seed and a key of the post (its id or time)
 * rather than from the data's random sequence: the rest of the data is the same with or without it.
 */
export function plantSentiment(seed: number, key: number): PlantedSentiment {
  const random = new Random(seed ^ SENTIMENT_SALT ^ key);
  let pick = random.int(100);
  const [label] = SENTIMENT_MIX.find(([, weight]) => (pick -= weight) < 0)!;
  return { label, text: random.pick(SENTIMENT_PHRASES[label]) };
}

/** A filler word the scorer does not read: itself, or with letters added until it is not ("fun" → "funq"). */
export function neutralWord(word: string): string {
  let out = word;
  while (affectsSentiment(out)) out += 'q';
  return out;
}

/** English filler words the scorer does not read. */
export const NEUTRAL_EN_WORDS = WORDS.en!.filter((word) => !affectsSentiment(word));

/** Emoji whose names hold no word the scorer reads ("eyes", not "face with tears of joy"). */
export const NEUTRAL_EMOJI = WORDS.und!.filter((emoji) =>
  [...emoji].every((char) => {
    const name = sentimentLexicon().emojiName.get(char.codePointAt(0)!);
    return name === undefined || name.split(' ').every((word) => !affectsSentiment(word));
  }),
);

/** The words a text is made of: the vocabulary's own, or, around a planted polarity, neutral ones. */
export interface Filler {
  en: readonly string[];
  emoji: readonly string[];
  /** What a made-up word becomes. */
  word: (word: string) => string;
}

const ANY_FILLER: Filler = { en: WORDS.en!, emoji: WORDS.und!, word: (word) => word };
const NEUTRAL_FILLER: Filler = { en: NEUTRAL_EN_WORDS, emoji: NEUTRAL_EMOJI, word: neutralWord };

/** Neutral filler draws from smaller lists, as many times: the rest of the data stays the same. */
export function filler(neutral: boolean): Filler {
  return neutral ? NEUTRAL_FILLER : ANY_FILLER;
}
