import { sentimentLexicon, type SentimentLexicon } from './sentiment-lexicon';

/**
 * Sentiment of a short social post by VADER's rules (Hutto & Gilbert, ICWSM 2014; the rules of
 * vaderSentiment 3.3.2): each word's human-rated valence, turned by the words before it
 * (negation, "kind of", boosters such as "very"), ALL-CAPS emphasis among lower-case words,
 * "but" shifting weight to what follows, and "!!!" / "??" emphasis; emoji read as their names.
 * The compound score is the sum squashed into [-1, 1].
 *
 * Written here rather than taken from the `vader-sentiment` package (whose word list it uses):
 * that port scores 13 to 18 times fewer posts per CPU-second (too slow for every kept post),
 * misses negation written with a capital ("Not great" scores positive) and has no emoji. See
 * docs/sentiment.md for the validation against human ratings, docs/benchmarks.md for the cost.
 */

export type SentimentLabel = 'positive' | 'neutral' | 'negative';
export const SENTIMENT_LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

/** Scores, and the shares and means made of them, are kept to four decimals, as VADER reports them. */
export function fourDecimals(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** VADER's own cut-offs: compound ≥ 0.05 is positive, ≤ -0.05 negative, between them neutral. */
export const SENTIMENT_THRESHOLD = 0.05;

/** Languages the word list covers (a post's `lang`). Others get no score, never "neutral". */
export const SENTIMENT_LANGUAGES: readonly string[] = ['en'];

export type PostSentiment = { score: number; label: SentimentLabel } | { score: null; reason: string };

const BOOST = 0.293;
const CAPS_BOOST = 0.733;
const NEGATION_FACTOR = -0.74;
const NORMALIZE_ALPHA = 15;
const EXCLAMATION_BOOST = 0.292;
const MAX_EXCLAMATIONS = 4;
const QUESTION_BOOST = 0.18;
const MAX_QUESTION_BOOST = 0.96;

const NEGATIONS = new Set(
  (
    "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't " +
    "dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't " +
    "neednt needn't never none nope nor not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent " +
    "oughtn't shan't shouldn't uh-uh wasn't weren't without wont wouldnt won't wouldn't rarely seldom despite"
  ).split(' '),
);

function boosters(words: string, by: number): [string, number][] {
  return words.split(',').map((word) => [word, by]);
}

/** Degree adverbs: they raise or lower the magnitude of the rated word after them. */
const BOOSTERS = new Map<string, number>([
  ...boosters(
    'absolutely,amazingly,awfully,completely,considerable,considerably,decidedly,deeply,effing,enormous,' +
      'enormously,entirely,especially,exceptional,exceptionally,extreme,extremely,fabulously,flipping,flippin,' +
      'frackin,fracking,fricking,frickin,frigging,friggin,fully,fuckin,fucking,fuggin,fugging,greatly,hella,' +
      'highly,hugely,incredible,incredibly,intensely,major,majorly,more,most,particularly,purely,quite,really,' +
      'remarkably,so,substantially,thoroughly,total,totally,tremendous,tremendously,uber,unbelievably,' +
      'unusually,utter,utterly,very',
    BOOST,
  ),
  ...boosters(
    'almost,barely,hardly,just enough,kind of,kinda,kindof,kind-of,less,little,marginal,marginally,' +
      'occasional,occasionally,partly,scarce,scarcely,slight,slightly,somewhat,sort of,sorta,sortof,sort-of',
    -BOOST,
  ),
]);

/** Phrases whose valence replaces their rated word's ("the shit" is praise). */
const PHRASES = new Map<string, number>([
  ['the shit', 3],
  ['the bomb', 3],
  ['bad ass', 1.5],
  ['badass', 1.5],
  ['bus stop', 0],
  ['yeah right', -2],
  ['kiss of death', -1.5],
  ['to die for', 3],
  ['beating heart', 3.5],
]);

const ASCII_PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** Python's str.isupper: some cased letter, none lower-case. */
function isAllCaps(word: string): boolean {
  return word !== word.toLowerCase() && word === word.toUpperCase();
}

/** Punctuation off both ends, unless that leaves two characters or fewer: then it was an emoticon (":)", ":-D"). */
function stripPunctuation(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && ASCII_PUNCTUATION.has(token[start]!)) start++;
  while (end > start && ASCII_PUNCTUATION.has(token[end - 1]!)) end--;
  return end - start <= 2 ? token : token.slice(start, end);
}

const NON_ASCII = /[^ -~\t\n\r]/;

function withEmojiNames(text: string, emojiName: ReadonlyMap<number, string>): string {
  if (!NON_ASCII.test(text)) return text;
  let out = '';
  for (const char of text) {
    const name = emojiName.get(char.codePointAt(0)!);
    out += name === undefined ? char : ` ${name} `;
  }
  return out;
}

function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || word.includes("n't");
}

class Post {
  readonly words: string[];
  readonly lower: string[];
  readonly capsEmphasis: boolean;

  constructor(
    text: string,
    readonly valence: ReadonlyMap<string, number>,
  ) {
    this.words = text
      .split(/\s+/)
      .filter((token) => token.length > 0)
      .map(stripPunctuation);
    this.lower = this.words.map((word) => word.toLowerCase());
    const caps = this.words.filter(isAllCaps).length;
    // ALL-CAPS emphasises a word only among words that are not shouted.
    this.capsEmphasis = caps > 0 && caps < this.words.length;
  }

  /** The lower-case words from..to (inclusive), joined; undefined when outside the post. */
  phrase(from: number, to: number): string | undefined {
    if (from < 0 || to >= this.lower.length) return undefined;
    return this.lower.slice(from, to + 1).join(' ');
  }

  isRated(i: number): boolean {
    return this.valence.has(this.lower[i]!);
  }

  /** How much the booster at `i` adds to a word of valence `valence` (away from zero). */
  boost(i: number, valence: number): number {
    const by = BOOSTERS.get(this.lower[i]!);
    if (by === undefined) return 0;
    let scalar = valence < 0 ? -by : by;
    if (this.capsEmphasis && isAllCaps(this.words[i]!)) scalar += valence > 0 ? CAPS_BOOST : -CAPS_BOOST;
    return scalar;
  }

  wordValence(i: number): number {
    const lower = this.lower[i]!;
    if (BOOSTERS.has(lower) || (lower === 'kind' && this.lower[i + 1] === 'of')) return 0;
    const rated = this.valence.get(lower);
    if (rated === undefined) return 0;
    let valence = rated;
    // "no good": "no" negates the rated word after it instead of counting as negative itself.
    if (lower === 'no' && i + 1 < this.lower.length && this.isRated(i + 1)) valence = 0;
    if (
      this.lower[i - 1] === 'no' ||
      this.lower[i - 2] === 'no' ||
      (this.lower[i - 3] === 'no' && (this.lower[i - 1] === 'or' || this.lower[i - 1] === 'nor'))
    )
      valence = rated * NEGATION_FACTOR;
    if (this.capsEmphasis && isAllCaps(this.words[i]!)) valence += valence > 0 ? CAPS_BOOST : -CAPS_BOOST;

    // Up to three words back; a rated word there carries its own sentiment and modifies nothing.
    for (let back = 1; back <= 3 && back <= i; back++) {
      if (this.isRated(i - back)) continue;
      const damping = back === 1 ? 1 : back === 2 ? 0.95 : 0.9;
      valence += this.boost(i - back, valence) * damping;
      valence = this.negation(valence, i, back);
      if (back === 3) valence = this.phrases(valence, i);
    }
    return this.least(valence, i);
  }

  /** "not good", "isn't really good", "never so good" (stronger), "without doubt good" (unchanged). */
  private negation(valence: number, i: number, back: number): number {
    const lower = this.lower;
    if (back === 1) return isNegation(lower[i - 1]!) ? valence * NEGATION_FACTOR : valence;
    const soOrThis = (word: string | undefined) => word === 'so' || word === 'this';
    if (back === 2) {
      if (lower[i - 2] === 'never' && soOrThis(lower[i - 1])) return valence * 1.25;
      if (lower[i - 2] === 'without' && lower[i - 1] === 'doubt') return valence;
      return isNegation(lower[i - 2]!) ? valence * NEGATION_FACTOR : valence;
    }
    if (lower[i - 3] === 'never' && (soOrThis(lower[i - 2]) || soOrThis(lower[i - 1]))) return valence * 1.25;
    if (lower[i - 3] === 'without' && (lower[i - 2] === 'doubt' || lower[i - 1] === 'doubt')) return valence;
    return isNegation(lower[i - 3]!) ? valence * NEGATION_FACTOR : valence;
  }

  /** A known phrase around the word sets its valence; "kind of"-style two-word boosters before it apply. */
  private phrases(valence: number, i: number): number {
    const before = [
      this.phrase(i - 1, i),
      this.phrase(i - 2, i),
      this.phrase(i - 2, i - 1),
      this.phrase(i - 3, i - 1),
      this.phrase(i - 3, i - 2),
    ];
    const found = before.find((phrase) => phrase !== undefined && PHRASES.has(phrase));
    if (found !== undefined) valence = PHRASES.get(found)!;
    for (const after of [this.phrase(i, i + 1), this.phrase(i, i + 2)]) {
      if (after !== undefined && PHRASES.has(after)) valence = PHRASES.get(after)!;
    }
    for (const phrase of [this.phrase(i - 3, i - 1), this.phrase(i - 3, i - 2), this.phrase(i - 2, i - 1)]) {
      const by = phrase === undefined ? undefined : BOOSTERS.get(phrase);
      if (by !== undefined) valence += valence < 0 ? -by : by;
    }
    return valence;
  }

  /** "least good" is negative; "at least good" and "very least good" are not. */
  private least(valence: number, i: number): number {
    if (i === 0 || this.lower[i - 1] !== 'least' || this.isRated(i - 1)) return valence;
    if (i > 1 && (this.lower[i - 2] === 'at' || this.lower[i - 2] === 'very')) return valence;
    return valence * NEGATION_FACTOR;
  }
}

/** Words the rules read besides rated ones: modifiers, "but", "least", "kind (of)". */
const MODIFIERS = new Set(['but', 'least', 'kind', 'no', 'so', 'this', 'never', 'without', 'doubt']);

/**
 * Whether a word can move a post's score, alone or by modifying another (rated, a negation, a
 * booster or one of the words the rules look for): what generated neutral text must avoid.
 */
export function affectsSentiment(word: string, lexicon: SentimentLexicon = sentimentLexicon()): boolean {
  const lower = stripPunctuation(word).toLowerCase();
  return lexicon.valence.has(lower) || isNegation(lower) || BOOSTERS.has(lower) || MODIFIERS.has(lower);
}

function punctuationEmphasis(text: string): number {
  let exclamations = 0;
  let questions = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 33) exclamations++;
    else if (code === 63) questions++;
  }
  const fromQuestions = questions <= 1 ? 0 : questions <= 3 ? questions * QUESTION_BOOST : MAX_QUESTION_BOOST;
  return Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_BOOST + fromQuestions;
}

/** VADER's compound score of `text`, in [-1, 1], to four decimals (as VADER reports it). */
export function sentimentScore(text: string, lexicon: SentimentLexicon = sentimentLexicon()): number {
  const words = withEmojiNames(text, lexicon.emojiName);
  const post = new Post(words, lexicon.valence);
  const valences = post.words.map((_, i) => post.wordValence(i));
  // "but" halves what comes before it and strengthens what follows.
  const but = post.lower.indexOf('but');
  let sum = 0;
  for (let i = 0; i < valences.length; i++) {
    sum += but < 0 || i === but ? valences[i]! : valences[i]! * (i < but ? 0.5 : 1.5);
  }
  if (sum === 0) return 0;
  sum += Math.sign(sum) * punctuationEmphasis(words);
  const compound = sum / Math.sqrt(sum * sum + NORMALIZE_ALPHA);
  return fourDecimals(Math.max(-1, Math.min(1, compound)));
}

export function sentimentLabel(score: number): SentimentLabel {
  if (score >= SENTIMENT_THRESHOLD) return 'positive';
  if (score <= -SENTIMENT_THRESHOLD) return 'negative';
  return 'neutral';
}

/** A post's sentiment, or why it has none: a language the word list does not cover, or no text. */
export function postSentiment(text: string, lang: string): PostSentiment {
  if (!SENTIMENT_LANGUAGES.includes(lang)) {
    return { score: null, reason: `language "${lang}" is not scored (scored: ${SENTIMENT_LANGUAGES.join(', ')})` };
  }
  if (text.trim().length === 0) return { score: null, reason: 'no text' };
  const score = sentimentScore(text);
  return { score, label: sentimentLabel(score) };
}
