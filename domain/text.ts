/**
 * The one text normalization of BuzzTracker, applied to tweets at ingest and to search terms
 * when matching, so both sides agree: accents folded, lower case, a possessive 's dropped,
 * punctuation around words removed, words separated by single spaces.
 *
 *   normalizeText("Zéphyrine HOLLOW's finale!") === "zephyrine hollow finale"
 *   normalizeText("#Zephyrine") === "zephyrine"          (a hashtag's word counts as a word)
 *   normalizeText("#ZephyrineHollow") === "zephyrinehollow" (one word: not "zephyrine hollow")
 */
export function normalizeText(text: string): string {
  return words(text).join(' ');
}

export function words(text: string): string[] {
  return (
    foldAccents(text)
      .toLowerCase()
      // A possessive 's (straight or curly apostrophe) belongs to the word before it.
      .replace(/(\p{L}|\p{N})['\u2019]s(?![\p{L}\p{N}])/gu, '$1')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 0)
  );
}

/** Hashtags and mentions compare as one folded, lower-case word ("#Zéphyrine" → "zephyrine"). */
export function normalizeTag(tag: string): string {
  return words(tag.replace(/^[#@＃]/, '')).join('');
}

function foldAccents(text: string): string {
  // NFKD splits "é" into "e" + a combining accent and maps compatibility forms (full-width
  // letters, ligatures) to plain ones. Accents are dropped from Latin and Greek letters only:
  // in other scripts the marks are part of the letter (ド is not ト). NFC then recomposes those.
  return text
    .normalize('NFKD')
    .replace(/([\p{Script=Latin}\p{Script=Greek}])\p{M}+/gu, '$1')
    .normalize('NFC');
}
