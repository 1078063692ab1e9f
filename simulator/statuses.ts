import { COLORS, NAME_PARTS, SOURCES } from './vocabulary';
import type { Random } from './random';

/**
 * API v1.1 status objects as the sample stream carries them, with their many fields, so that
 * generated archives are as large and compress about as well as real ones.
 */
export interface SampleUser {
  id: string;
  screen_name: string;
  name: string;
  followers: number;
  created_at: string;
}

export interface StatusObject {
  [key: string]: unknown;
  id_str: string;
  user: Record<string, unknown>;
}

/** Ids are written as bare JSON numbers, as Twitter does: marked here, unquoted on output. */
const ID_MARK = '@@id@@';
const idNumber = (id: string): string => `${ID_MARK}${id}`;

/** JSON as the streaming API writes it: ids as bare numbers, every non-ASCII character as a \\u escape. */
export function statusJson(status: object): string {
  return JSON.stringify(status)
    .replace(/"@@id@@(\d+)"/g, '$1')
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Twitter's created_at format: "Mon Jul 01 00:00:00 +0000 2019". */
export function twitterDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

export function makeUser(random: Random, index: number): SampleUser {
  const screen = `${random.pick(NAME_PARTS)}_${random.word()}${index}`;
  return {
    id: String(1_000_000 + index * 7919),
    screen_name: screen,
    name: `${random.word()} ${random.pick(NAME_PARTS)}`,
    followers: random.int(random.chance(0.05) ? 200_000 : 2_000),
    created_at: twitterDate(Date.UTC(2009 + random.int(10), random.int(12), 1 + random.int(28))),
  };
}

function color(random: Random): string {
  return random.chance(0.5) ? random.pick(COLORS) : random.hex(6).toUpperCase();
}

function userObject(random: Random, user: SampleUser): Record<string, unknown> {
  const image = `https://pbs.twimg.com/profile_images/${random.int(1e9)}${random.int(1e9)}/${random.alnum(8)}_normal.jpg`;
  const about = Array.from({ length: 6 + random.int(14) }, () => random.word()).join(' ');
  return {
    id: idNumber(user.id),
    id_str: user.id,
    name: user.name,
    screen_name: user.screen_name,
    location: random.chance(0.4)
      ? null
      : `${random.word()}, ${random.pick(['CA', 'NY', 'UK', 'Brasil', '日本', 'España', 'Philippines', 'TX'])}`,
    url: random.chance(0.7) ? null : `https://t.co/${random.alnum(10)}`,
    description: random.chance(0.2)
      ? null
      : `${about} | ${random.pick(['fan account', 'she/her', 'he/him', 'they/them', 'opinions are my own', '🌙✨'])}`,
    translator_type: 'none',
    protected: false,
    verified: false,
    followers_count: user.followers,
    friends_count: random.int(1500),
    listed_count: random.int(40),
    favourites_count: random.int(60_000),
    statuses_count: random.int(90_000),
    created_at: user.created_at,
    utc_offset: null,
    time_zone: null,
    geo_enabled: random.chance(0.3),
    lang: null,
    contributors_enabled: false,
    is_translator: false,
    profile_background_color: color(random),
    profile_background_image_url: 'http://abs.twimg.com/images/themes/theme1/bg.png',
    profile_background_image_url_https: 'https://abs.twimg.com/images/themes/theme1/bg.png',
    profile_background_tile: false,
    profile_link_color: color(random),
    profile_sidebar_border_color: color(random),
    profile_sidebar_fill_color: color(random),
    profile_text_color: '333333',
    profile_use_background_image: true,
    profile_image_url: image.replace('https:', 'http:'),
    profile_image_url_https: image,
    profile_banner_url: `https://pbs.twimg.com/profile_banners/${user.id}/${1500000000 + random.int(60000000)}`,
    default_profile: random.chance(0.5),
    default_profile_image: false,
    following: null,
    follow_request_sent: null,
    notifications: null,
  };
}

interface Entities {
  hashtags: { text: string; indices: [number, number] }[];
  urls: { url: string; expanded_url: string; display_url: string; indices: [number, number] }[];
  user_mentions: { screen_name: string; name: string; id: string; id_str: string; indices: [number, number] }[];
  symbols: never[];
}

/** Entities found in a text: #hashtags and @mentions with their code-point indices. */
function entitiesOf(text: string, mentionIds: Map<string, string>): Entities {
  const entities: Entities = { hashtags: [], urls: [], user_mentions: [], symbols: [] };
  const chars = [...text];
  const joined = chars.join('');
  for (const match of joined.matchAll(/[#@]([\p{L}\p{N}_]+)/gu)) {
    const start = [...joined.slice(0, match.index)].length;
    const indices: [number, number] = [start, start + [...match[0]].length];
    if (match[0].startsWith('#')) entities.hashtags.push({ text: match[1]!, indices });
    else {
      const id = mentionIds.get(match[1]!) ?? String(5_000_000 + match[1]!.length * 104729);
      entities.user_mentions.push({
        screen_name: match[1]!,
        name: match[1]!,
        id: idNumber(id) as never,
        id_str: id,
        indices,
      });
    }
  }
  return entities;
}

export interface StatusSpec {
  id: string;
  timeMs: number;
  lang: string;
  /** The full text, as the author wrote it. */
  text: string;
  user: SampleUser;
  reply?: { id: string; user: SampleUser };
  quoted?: StatusObject;
  retweeted?: StatusObject;
}

const SHORT_LIMIT = 140;

/** A status object; texts over 140 characters become an extended tweet, as the API sends them. */
export function buildStatus(random: Random, spec: StatusSpec): StatusObject {
  const mentionIds = new Map<string, string>();
  if (spec.reply) mentionIds.set(spec.reply.user.screen_name, spec.reply.user.id);
  const url = `https://t.co/${random.alnum(10)}`;
  const chars = [...spec.text];
  const long = chars.length > SHORT_LIMIT;
  const shortText = long ? `${chars.slice(0, SHORT_LIMIT - 3).join('')}… ${url}` : spec.text;
  const status: StatusObject = {
    created_at: twitterDate(spec.timeMs),
    id: idNumber(spec.id),
    id_str: spec.id,
    text: shortText,
    display_text_range: [0, Math.min(chars.length, SHORT_LIMIT)],
    source: random.pick(SOURCES),
    truncated: long,
    in_reply_to_status_id: spec.reply ? idNumber(spec.reply.id) : null,
    in_reply_to_status_id_str: spec.reply ? spec.reply.id : null,
    in_reply_to_user_id: spec.reply ? idNumber(spec.reply.user.id) : null,
    in_reply_to_user_id_str: spec.reply ? spec.reply.user.id : null,
    in_reply_to_screen_name: spec.reply ? spec.reply.user.screen_name : null,
    user: userObject(random, spec.user),
    geo: null,
    coordinates: null,
    place: null,
    contributors: null,
    is_quote_status: spec.quoted !== undefined,
    quote_count: random.int(3),
    reply_count: random.int(5),
    retweet_count: random.int(20),
    favorite_count: random.int(60),
    entities: entitiesOf(shortText, mentionIds),
    favorited: false,
    retweeted: false,
    filter_level: 'low',
    lang: spec.lang,
    timestamp_ms: String(spec.timeMs),
  };
  if (random.chance(0.25)) {
    // Photos: most of a real status' unique bytes are ids and URLs like these.
    const mediaId = String(1_100_000_000_000_000_000 + random.int(1e9) * 1e6 + random.int(1e6));
    const file = random.alnum(15);
    const media = {
      id: idNumber(mediaId),
      id_str: mediaId,
      indices: [chars.length, chars.length + 23],
      media_url: `http://pbs.twimg.com/media/${file}.jpg`,
      media_url_https: `https://pbs.twimg.com/media/${file}.jpg`,
      url: `https://t.co/${random.alnum(10)}`,
      display_url: `pic.twitter.com/${random.alnum(10)}`,
      expanded_url: `https://twitter.com/${spec.user.screen_name}/status/${spec.id}/photo/1`,
      type: 'photo',
      sizes: {
        thumb: { w: 150, h: 150, resize: 'crop' },
        large: { w: 1200 + random.int(800), h: 900 + random.int(600), resize: 'fit' },
        medium: { w: 1200, h: 675 + random.int(400), resize: 'fit' },
        small: { w: 680, h: 383 + random.int(300), resize: 'fit' },
      },
    };
    (status.entities as Record<string, unknown>).media = [media];
    status.extended_entities = { media: [media] };
  }
  if (long) {
    const entities = entitiesOf(spec.text, mentionIds);
    status.extended_tweet = { full_text: spec.text, display_text_range: [0, chars.length], entities };
    (status.entities as Entities).urls.push({
      url,
      expanded_url: `https://twitter.com/i/web/status/${spec.id}`,
      display_url: `twitter.com/i/web/status/1…`,
      indices: [SHORT_LIMIT - 2, SHORT_LIMIT - 2 + url.length],
    });
  }
  if (spec.quoted) {
    status.quoted_status_id = idNumber(spec.quoted.id_str);
    status.quoted_status_id_str = spec.quoted.id_str;
    status.quoted_status = spec.quoted;
    status.quoted_status_permalink = {
      url,
      expanded: `https://twitter.com/x/status/${spec.quoted.id_str}`,
      display: 'twitter.com/x/status/…',
    };
  }
  return status;
}

/** A retweet: its own text is "RT @user: …" cut short; the original travels in retweeted_status. */
export function buildRetweet(
  random: Random,
  spec: Omit<StatusSpec, 'text' | 'lang'>,
  original: StatusObject,
): StatusObject {
  const originalUser = original.user as { screen_name: string; id_str: string };
  const originalText = ((original.extended_tweet as { full_text?: string } | undefined)?.full_text ??
    original.text) as string;
  const full = `RT @${originalUser.screen_name}: ${originalText}`;
  const chars = [...full];
  const text = chars.length > SHORT_LIMIT ? `${chars.slice(0, SHORT_LIMIT - 1).join('')}…` : full;
  const mentionIds = new Map([[originalUser.screen_name, originalUser.id_str]]);
  return {
    created_at: twitterDate(spec.timeMs),
    id: idNumber(spec.id),
    id_str: spec.id,
    text,
    source: random.pick(SOURCES),
    truncated: false,
    in_reply_to_status_id: null,
    in_reply_to_status_id_str: null,
    in_reply_to_user_id: null,
    in_reply_to_user_id_str: null,
    in_reply_to_screen_name: null,
    user: userObject(random, spec.user),
    geo: null,
    coordinates: null,
    place: null,
    contributors: null,
    retweeted_status: original,
    is_quote_status: false,
    quote_count: 0,
    reply_count: 0,
    retweet_count: 0,
    favorite_count: 0,
    entities: entitiesOf(text, mentionIds),
    favorited: false,
    retweeted: false,
    filter_level: 'low',
    lang: original.lang,
    timestamp_ms: String(spec.timeMs),
  };
}
