import { DateTime } from 'luxon';
import { blobCid } from './atproto-ids';
import { POST, type Actor, type RecordRef } from './jetstream-frames';
import type { Random } from './random';
import { linkFeature, mentionFeature, phrasePieces, richText, tagFeature, type Piece } from './rich-text';
import { filler } from './planted-sentiment';
import { WORDS } from './vocabulary';

/**
 * app.bsky.feed.post records as the Bluesky apps write them: the languages people tag (or do
 * not), texts in those languages with emoji, accents and CJK, facets, tags, replies, embeds,
 * and the `createdAt` a client declares, which is not always the time it posts.
 */

export interface LangChoice {
  /** The record's `langs`; undefined: the field is absent. */
  langs?: string[];
  /** Vocabulary of the text (keys of WORDS); a second one makes a bilingual post. */
  words: string[];
  weight: number;
}

export const LANG_CHOICES: LangChoice[] = [
  { langs: ['en'], words: ['en'], weight: 38 },
  { langs: ['en-US'], words: ['en'], weight: 4 },
  { langs: ['en-GB'], words: ['en'], weight: 1 },
  { langs: ['ja'], words: ['ja'], weight: 16 },
  { langs: ['pt'], words: ['pt'], weight: 7 },
  { langs: ['pt-BR'], words: ['pt'], weight: 3 },
  { langs: ['es'], words: ['es'], weight: 4 },
  { langs: ['es', 'en'], words: ['es', 'en'], weight: 2 },
  { langs: ['ja', 'en'], words: ['ja', 'en'], weight: 1 },
  { langs: ['fr'], words: ['fr'], weight: 2 },
  { langs: ['ko'], words: ['ko'], weight: 2 },
  { langs: ['tr'], words: ['tr'], weight: 1 },
  { langs: ['id'], words: ['in'], weight: 1 },
  { langs: ['th'], words: ['th'], weight: 1 },
  { langs: ['ru', 'uk'], words: ['ru'], weight: 1 },
  { langs: ['ar'], words: ['ar'], weight: 1 },
  { langs: [], words: ['ja'], weight: 1 },
  // English words but no langs: not English by the rule, so never planted.
  { langs: undefined, words: ['en'], weight: 6 },
];

/** The rule: a post is English when any of its langs has the primary subtag `en`; no langs is `und`. */
export function isEnglish(langs: readonly string[] | undefined): boolean {
  return (langs ?? []).some((lang) => lang.split('-')[0]!.toLowerCase() === 'en');
}

const LANG_WEIGHT = LANG_CHOICES.reduce((sum, choice) => sum + choice.weight, 0);
/** The share of posts that are English by the rule. */
export const ENGLISH_SHARE =
  LANG_CHOICES.filter((choice) => isEnglish(choice.langs)).reduce((sum, choice) => sum + choice.weight, 0) /
  LANG_WEIGHT;

/** Multi-byte words that English posts borrow, so that byte offsets differ from character offsets. */
const ACCENTED = ['café', 'naïve', 'déjà', 'jalapeño', 'über', 'fiancée', 'crème', 'brûlée', 'piñata', 'résumé'];
const NON_LATIN = new Set(['ja', 'th', 'ko', 'ar', 'ru']);

/** What is planted in a post's text: a show's phrase, and the phrase of a polarity ('' for neutral). */
export interface PlantedText {
  phrase: string;
  sentiment: string;
}

/** What a post needs from the log being generated. */
export interface PostContext {
  random: Random;
  /** Someone to mention. */
  user(): Actor;
  /** The account a show's `@name` mentions: the same did for the same name. */
  mentionDid(name: string): string;
  /** A post to reply to or quote: one of the log, or one it never showed. */
  target(timeUs: number): RecordRef;
}

export class PostWriter {
  private readonly random: Random;

  constructor(private readonly context: PostContext) {
    this.random = context.random;
  }

  pickLang(): LangChoice {
    let roll = this.random.next() * LANG_WEIGHT;
    for (const choice of LANG_CHOICES) if ((roll -= choice.weight) < 0) return choice;
    return LANG_CHOICES[0]!;
  }

  /** `neutral`: none that the sentiment scorer reads, with as many random draws. */
  private words(vocabulary: string, count: number, neutral: boolean): Piece[] {
    const words = WORDS[vocabulary]!;
    if (vocabulary === 'ja' || vocabulary === 'th') {
      // No spaces between words: one piece, a sentence.
      return [{ text: Array.from({ length: count }, () => this.random.pick(words)).join('') }];
    }
    const latin = !NON_LATIN.has(vocabulary);
    const { word } = filler(neutral);
    return Array.from({ length: count }, () => {
      if (vocabulary === 'en' && this.random.chance(0.05)) return { text: this.random.pick(ACCENTED) };
      return { text: word(latin && this.random.chance(0.5) ? this.random.word() : this.random.pick(words)) };
    });
  }

  /**
   * A post's text and facets: words of its languages, the show's phrase if planted, hashtags,
   * mentions, links, emoji. A planted post's other words are neutral and its planted polarity's
   * phrase (simulator/planted-sentiment.ts) follows them.
   */
  text(lang: LangChoice, plant: PlantedText | undefined): { text: string; facets: object[] } {
    const neutral = plant !== undefined;
    const fill = filler(neutral);
    // Groups of pieces, so that nothing is ever put inside the phrase: it stays as planted.
    const groups: Piece[][] = lang.words.flatMap((vocabulary) =>
      this.words(vocabulary, 3 + this.random.int(12), neutral).map((piece) => [piece]),
    );
    const insert = (group: Piece[]): void => void groups.splice(this.random.int(groups.length + 1), 0, group);
    if (plant) insert(phrasePieces(plant.phrase, (name) => this.context.mentionDid(name)));
    if (plant?.sentiment) groups.push([{ text: plant.sentiment }]);
    if (this.random.chance(0.3)) insert([{ text: this.random.pick(fill.emoji) }]);
    if (this.random.chance(0.15)) {
      const tag = this.random.chance(0.5) ? this.random.pick(fill.en) : fill.word(this.random.word());
      groups.push([{ text: `#${tag}`, feature: tagFeature(tag) }]);
    }
    if (this.random.chance(0.1)) {
      const someone = this.context.user();
      insert([{ text: `@${someone.handle}`, feature: mentionFeature(someone.did) }]);
    }
    if (this.random.chance(0.15)) {
      const host = `${this.random.word()}.${this.random.pick(['com', 'org', 'news', 'jp', 'com.br'])}`;
      const uri = `https://${host}/${this.random.word()}/${this.random.alnum(12)}`;
      // The app shows a link shortened, with an ellipsis (3 bytes in UTF-8); the facet has it whole.
      groups.push([{ text: `${host}/${uri.slice(host.length + 9, host.length + 17)}…`, feature: linkFeature(uri) }]);
    }
    const rich = richText(groups.flat());
    return { text: rich.text, facets: rich.facets };
  }

  /**
   * The client's time: usually up to 4 s before the server's, but 3 % backdated (1 day to 5
   * years), 2 % ahead (up to 3 days), 1 % with a time zone offset instead of Z.
   */
  createdAt(timeUs: number): string {
    const ms = Math.floor(timeUs / 1000);
    const roll = this.random.next();
    if (roll < 0.03) return new Date(ms - (1 + this.random.int(5 * 365)) * 86_400_000).toISOString();
    if (roll < 0.05) return new Date(ms + (1 + this.random.int(3 * 24 * 60)) * 60_000).toISOString();
    if (roll < 0.06)
      return DateTime.fromMillis(ms - this.random.int(4000), { zone: 'Asia/Tokyo' }).toISO({
        suppressMilliseconds: true,
      })!;
    return new Date(ms - this.random.int(4000)).toISOString();
  }

  private image(): object {
    return {
      alt: this.random.chance(0.5) ? '' : `${this.random.word()} ${this.random.pick(WORDS.en!)}`,
      image: {
        $type: 'blob',
        ref: { $link: blobCid(this.random) },
        mimeType: 'image/jpeg',
        size: 20_000 + this.random.int(900_000),
      },
      aspectRatio: { width: 1000 + this.random.int(1000), height: 1000 + this.random.int(1000) },
    };
  }

  /** Images (10 %), a link card (4 %), a quote (5 %) or a quote with images (2 %). */
  private embed(timeUs: number): object | undefined {
    const roll = this.random.next();
    if (roll < 0.1) return { $type: 'app.bsky.embed.images', images: [this.image()] };
    if (roll < 0.14) {
      const uri = `https://${this.random.word()}.com/${this.random.word()}`;
      return { $type: 'app.bsky.embed.external', external: { uri, title: this.random.word(), description: '' } };
    }
    if (roll < 0.19) return { $type: 'app.bsky.embed.record', record: this.context.target(timeUs) };
    if (roll < 0.21)
      return {
        $type: 'app.bsky.embed.recordWithMedia',
        record: { $type: 'app.bsky.embed.record', record: this.context.target(timeUs) },
        media: { $type: 'app.bsky.embed.images', images: [this.image()] },
      };
    return undefined;
  }

  /** A post record: an empty one carries only images; `phrase` is put in the text as it is. */
  record(timeUs: number, lang: LangChoice, empty: boolean, plant: PlantedText | undefined): Record<string, unknown> {
    const record: Record<string, unknown> = { $type: POST, createdAt: this.createdAt(timeUs) };
    if (lang.langs) record.langs = lang.langs;
    if (empty) {
      record.text = '';
      record.embed = { $type: 'app.bsky.embed.images', images: [this.image()] };
    } else {
      const { text, facets } = this.text(lang, plant);
      record.text = text;
      if (facets.length > 0) record.facets = facets;
      if (this.random.chance(0.05))
        record.tags = Array.from({ length: 1 + this.random.int(3) }, () => this.random.pick(WORDS.en!));
      const embed = this.embed(timeUs);
      if (embed) record.embed = embed;
    }
    // A reply (15 %), to a post of the log or not; its root is the parent or another post.
    if (this.random.chance(0.15)) {
      const parent = this.context.target(timeUs);
      record.reply = { root: this.random.chance(0.5) ? parent : this.context.target(timeUs), parent };
    }
    return record;
  }
}
