import type { Day } from '../domain/days';
import { Random } from './random';

/**
 * Posts of known category for the organic classification's tests (domain/organic.ts): a day of
 * natural repetition that must stay organic, and the injections of issue "Organic buzz" that must
 * not: a copy-paste flood with small edits from many new accounts, and a show's official account.
 */
export interface KnownPost {
  id: string;
  created_at: string;
  user_id: string;
  user_screen_name: string;
  text: string;
}

const SHORT_OPENERS = ["can't wait for", 'watching', 'omg', 'so ready for', 'finally', 'who else is watching'];
const SHORT_CLOSERS = ['tonight', 'right now', '!!', 'again', 'with my mom', ''];
const LONG_WORDS = (
  'plot scene actor episode music ending dialogue camera season character writer twist moment ' +
  'villain costume ocean castle train letter winter storm garden secret friend sister mirror ' +
  'village market river bridge lantern tower forest island harbor violin painting journey'
).split(' ');
const EMOJI = ['🔥', '😍', '🎉', '👀', '✨', '🙌', '💯', '📺'];

function at(day: Day, second: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + second * 1000).toISOString();
}

/**
 * `count` posts of a day from a crowd of `accounts` (each post's author drawn at random): 60% short
 * posts sharing the show's hashtag and a few common words ("can't wait for #Show tonight"), 40%
 * long posts in the posters' own words. Natural repetition, no flood and no coordinated burst.
 */
export function naturalPosts(options: {
  day: Day;
  count: number;
  accounts: number;
  hashtag: string;
  seed: number;
}): KnownPost[] {
  const random = new Random(options.seed);
  return Array.from({ length: options.count }, (_, i) => {
    const author = random.int(options.accounts);
    const text = random.chance(0.6)
      ? `${random.pick(SHORT_OPENERS)} ${options.hashtag} ${random.pick(SHORT_CLOSERS)}`.trim()
      : `${options.hashtag} ${Array.from({ length: 10 + random.int(20) }, () => random.pick(LONG_WORDS)).join(' ')}`;
    return {
      id: `natural-${options.seed}-${i}`,
      created_at: at(options.day, Math.floor((i * 86_400) / options.count)),
      user_id: `fan-${author}`,
      user_screen_name: `fan_${author}`,
      text,
    };
  });
}

/** The giveaway text a flood repeats, naming the show by one of its terms. */
export function floodText(term: string): string {
  return `RT and follow to win a signed ${term} poster and a season pass, winners announced Friday at noon, good luck everyone`;
}

/**
 * `posts` copies of the giveaway from `accounts` new accounts (the same number each), each copy
 * with a small edit: a different emoji, a mention, a link, or nothing.
 */
export function floodPosts(options: { day: Day; posts: number; accounts: number; term: string }): KnownPost[] {
  const base = floodText(options.term);
  return Array.from({ length: options.posts }, (_, i) => {
    const account = i % options.accounts;
    const edits = [
      `${base} ${EMOJI[i % EMOJI.length]}`,
      `@friend_${i} ${base}`,
      `${base} https://t.co/g${i.toString(36)}`,
      base,
    ];
    return {
      id: `flood-${i}`,
      created_at: at(options.day, 3_600 * 9 + i * 7),
      user_id: `giveaway-${account}`,
      user_screen_name: `giveaway_${account}`,
      text: edits[i % edits.length]!,
    };
  });
}

/** `posts` distinct promos by the show's official account. */
export function officialPosts(options: { day: Day; posts: number; screenName: string; term: string }): KnownPost[] {
  return Array.from({ length: options.posts }, (_, i) => ({
    id: `official-${i}`,
    created_at: at(options.day, 3_600 * 10 + i * 60),
    user_id: `official-${options.screenName}`,
    user_screen_name: options.screenName,
    text: `${options.term} promo ${i + 1} of ${options.posts}: a new clip from episode ${(i % 8) + 1}`,
  }));
}
