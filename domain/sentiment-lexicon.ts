import fs from 'node:fs';
import emojiNames from 'unicode-emoji-json/data-by-emoji.json';

/**
 * The data VADER scores with, from packages rather than a copy in this repository: the
 * human-rated word list (`vader-sentiment`, the VADER project's JavaScript port, whose rules
 * are not used: see domain/sentiment.ts) and Unicode's emoji names (`unicode-emoji-json`), which
 * VADER reads in place of each emoji.
 */
export interface SentimentLexicon {
  /** Lower-case word or emoticon → mean human rating, -4 (most negative) … 4 (most positive). */
  valence: ReadonlyMap<string, number>;
  /** One emoji code point → its Unicode name ("face with tears of joy"). */
  emojiName: ReadonlyMap<number, string>;
}

const VARIATION_SELECTOR_16 = 0xfe0f;

function readValence(): Map<string, number> {
  const file = require.resolve('vader-sentiment/vader_lexicon.txt');
  const valence = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [word, mean] = line.split('\t');
    if (word && mean !== undefined) valence.set(word, Number(mean));
  }
  return valence;
}

/** Single-code-point emoji only, as VADER reads text one code point at a time (a ZWJ sequence reads as its parts). */
function readEmojiNames(): Map<number, string> {
  const names = new Map<number, string>();
  for (const [emoji, { name }] of Object.entries(emojiNames as Record<string, { name: string }>)) {
    const points = [...emoji].map((char) => char.codePointAt(0)!);
    if (points.length === 1 || (points.length === 2 && points[1] === VARIATION_SELECTOR_16))
      names.set(points[0]!, name);
  }
  return names;
}

let loaded: SentimentLexicon | undefined;

/** Read once per process (or worker thread): about 7,500 words and 1,400 emoji. */
export function sentimentLexicon(): SentimentLexicon {
  loaded ??= { valence: readValence(), emojiName: readEmojiNames() };
  return loaded;
}
