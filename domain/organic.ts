import { localDaysOf } from './local-days';
import { HOUR_MS, type Day } from './days';
import {
  comparableWords,
  contentWords,
  MIN_CONTENT_WORDS,
  nearDuplicateClusters,
  sharingABand,
} from './near-duplicates';
import { SOURCES, type Source } from './tweet';

/**
 * Organic buzz: what the audience said, apart from the show's own accounts, copy-paste floods and
 * bursts from single accounts (docs/organic.md). Each matching post of a show's day falls in one
 * category, decided in this order:
 * - owned: posted (or reposted) by one of the show's official accounts;
 * - flood: an original post that is a near-duplicate of others of the day from several accounts,
 *   except the first of its cluster;
 * - burst: a post of an account with more posts that day than its source allows, except the first;
 * - organic: the rest.
 */

/** A matching post, with what classifies it. */
export interface OrganicPost {
  id: string;
  created_at: string;
  user_id: string;
  user_screen_name: string;
  /** Null when it was not read: classifying the day did not need it (textsToRead). */
  text: string | null;
  is_retweet: boolean;
  source: Source;
  /** Its stored fingerprint (nearDuplicateBands); absent from documents stored before fingerprints. */
  near_duplicate_bands?: string;
}

/** One of a show's official accounts (sheet column official_accounts). */
export type OfficialAccount = { source: 'twitter'; screen_name: string } | { source: 'bluesky'; did: string };

/** What the classification compares with; ORGANIC_RULES are BuzzTracker's. */
export interface OrganicRules {
  similarity: number;
  minContentWords: number;
  minClusterPosts: number;
  minClusterAccounts: number;
  burstAbove: Record<Source, number>;
}

export const ORGANIC_RULES: Readonly<OrganicRules> = {
  /** The least Jaccard similarity of two texts' word pairs that makes them near-duplicates. */
  similarity: 0.7,
  /**
   * Distinct content words (not English stopwords: "the", "is", "my" …) a text needs to be
   * compared at all: short common posts ("can't wait for #Show tonight!") repeat naturally and
   * are never a flood.
   */
  minContentWords: MIN_CONTENT_WORDS,
  /** A cluster is a flood from this many posts … */
  minClusterPosts: 3,
  /** … by at least this many accounts. */
  minClusterAccounts: 2,
  /**
   * Matching posts a day above which an account's posts are a burst: the Twitter archive is a 1%
   * sample (4 sampled posts stand for about 400), Bluesky a census.
   */
  burstAbove: { twitter: 3, bluesky: 20 },
};
export type OrganicCategory = 'owned' | 'flood' | 'burst' | 'organic';

/** A flood: near-identical original posts from several accounts in one day. */
export interface FloodCluster {
  /** Posts in the cluster, the first (counted organic) included. */
  posts: number;
  /** Its accounts (screen names or DIDs), most posts first. */
  accounts: string[];
  /** The first post's text. */
  example: string;
  first_id: string;
}

/** A day's posts by category, and its floods, largest first. */
export interface OrganicDay {
  owned: number;
  flood: number;
  burst: number;
  organic_tweets: number;
  organic_unique_authors: number;
  floods: FloodCluster[];
  /** The category of each post, by id. */
  categories: Map<string, OrganicCategory>;
  /** The organic posts of each source: a sample's and a census's compare only apart. */
  organicBySource: Record<Source, number>;
}

/** The day's metric fields, as buzz-daily stores them. */
export type OrganicFields = Omit<OrganicDay, 'floods' | 'categories' | 'organicBySource'>;
export const ORGANIC_FIELDS = ['owned', 'flood', 'burst', 'organic_tweets', 'organic_unique_authors'] as const;

/** An author across sources: a Twitter user id and a Bluesky DID never collide. */
function authorOf(post: OrganicPost): string {
  return `${post.source}:${post.user_id}`;
}

/** The posts by key, each group in the order given. */
function groupedBy<K>(posts: OrganicPost[], key: (post: OrganicPost) => K): Map<K, OrganicPost[]> {
  const groups = new Map<K, OrganicPost[]>();
  for (const post of posts) {
    const group = groups.get(key(post));
    if (group) group.push(post);
    else groups.set(key(post), [post]);
  }
  return groups;
}

function isOwnedBy(post: OrganicPost, accounts: OfficialAccount[]): boolean {
  return accounts.some((account) =>
    account.source === 'twitter'
      ? post.source === 'twitter' && post.user_screen_name.toLowerCase() === account.screen_name
      : post.source === 'bluesky' && post.user_id === account.did,
  );
}

/** In time order, then by id: what "first" means, the same on every run. */
function chronological(a: OrganicPost, b: OrganicPost): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The categories of one day's matching posts of a show (any order in; the same counts out). */
export function classifyDay(
  posts: OrganicPost[],
  official: OfficialAccount[],
  rules: OrganicRules = ORGANIC_RULES,
): OrganicDay {
  const sorted = [...posts].sort(chronological);
  const categories = new Map<string, OrganicCategory>();
  for (const post of sorted) if (isOwnedBy(post, official)) categories.set(post.id, 'owned');

  const candidates: { post: OrganicPost; text: string; words: string[] }[] = [];
  for (const post of sorted) {
    if (post.is_retweet || categories.has(post.id) || post.text === null) continue;
    const words = comparableWords(post.text);
    if (contentWords(words) >= rules.minContentWords) candidates.push({ post, text: post.text, words });
  }
  const floods: FloodCluster[] = [];
  for (const cluster of nearDuplicateClusters(
    candidates.map((c) => c.words),
    rules.similarity,
  )) {
    const members = cluster.map((i) => candidates[i]!.post);
    const byAccount = new Map<string, number>();
    for (const post of members) byAccount.set(post.user_screen_name, (byAccount.get(post.user_screen_name) ?? 0) + 1);
    if (members.length < rules.minClusterPosts || byAccount.size < rules.minClusterAccounts) continue;
    for (const post of members.slice(1)) categories.set(post.id, 'flood');
    floods.push({
      posts: members.length,
      accounts: [...byAccount].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([account]) => account),
      example: candidates[cluster[0]!]!.text,
      first_id: members[0]!.id,
    });
  }

  for (const own of groupedBy(sorted, authorOf).values()) {
    if (own.length <= rules.burstAbove[own[0]!.source]) continue;
    for (const post of own.slice(1)) if (!categories.has(post.id)) categories.set(post.id, 'burst');
  }

  const counts: Record<OrganicCategory, number> = { owned: 0, flood: 0, burst: 0, organic: 0 };
  const organicAuthors = new Set<string>();
  const organicBySource = Object.fromEntries(SOURCES.map((source) => [source, 0])) as Record<Source, number>;
  for (const post of sorted) {
    if (!categories.has(post.id)) {
      categories.set(post.id, 'organic');
      organicAuthors.add(authorOf(post));
      organicBySource[post.source]++;
    }
    counts[categories.get(post.id)!]++;
  }
  return {
    owned: counts.owned,
    flood: counts.flood,
    burst: counts.burst,
    organic_tweets: counts.organic,
    organic_unique_authors: organicAuthors.size,
    floods: floods.sort((a, b) => b.posts - a.posts || (a.first_id < b.first_id ? -1 : 1)),
    categories,
    organicBySource,
  };
}

/**
 * The ids of the posts whose text classifying their days needs (the others' text may stay
 * unread): the owned posts, whose texts `explain` lists, and the originals that may be
 * near-duplicates. Those are, in a day where every original has its stored fingerprint, the ones
 * sharing a stored band with another (domain/near-duplicates.ts: the rest can only be clusters of
 * one); in a day with a document stored before fingerprints, or with rules that compare shorter
 * texts than the stored fingerprints cover, all of them.
 */
export function textsToRead(
  posts: OrganicPost[],
  official: OfficialAccount[],
  zone: string,
  rules: OrganicRules = ORGANIC_RULES,
): string[] {
  const ids: string[] = [];
  const dayOf = localDaysOf(zone);
  for (const dayPosts of groupedBy(posts, (post) => dayOf(Date.parse(post.created_at))).values()) {
    const originals: OrganicPost[] = [];
    for (const post of dayPosts)
      if (isOwnedBy(post, official)) ids.push(post.id);
      else if (!post.is_retweet) originals.push(post);
    if (rules.minContentWords < MIN_CONTENT_WORDS || originals.some((post) => post.near_duplicate_bands === undefined))
      ids.push(...originals.map((post) => post.id));
    else {
      const fingerprinted = originals.filter((post) => post.near_duplicate_bands !== '');
      for (const i of sharingABand(fingerprinted.map((post) => post.near_duplicate_bands!)))
        ids.push(fingerprinted[i]!.id);
    }
  }
  return ids;
}

/** Each local day's organic figures from the matching posts of a show's window. */
export function classifyDays(
  posts: OrganicPost[],
  official: OfficialAccount[],
  zone: string,
  rules: OrganicRules = ORGANIC_RULES,
): Map<Day, OrganicDay> {
  const dayOf = localDaysOf(zone);
  const byDay = groupedBy(posts, (post) => dayOf(Date.parse(post.created_at)));
  return new Map([...byDay].map(([day, dayPosts]) => [day, classifyDay(dayPosts, official, rules)]));
}

/**
 * The organic fields of each UTC hour, per source and for `all`, keyed `<hour start ISO>|<source>`:
 * each post counted in the category its local day gave it (`days`, from classifyDays).
 */
export function organicByHour(
  posts: OrganicPost[],
  days: Map<Day, OrganicDay>,
  zone: string,
): Map<string, OrganicFields> {
  const hours = new Map<string, OrganicFields & { authors: Set<string> }>();
  const dayOf = localDaysOf(zone);
  for (const post of posts) {
    const ms = Date.parse(post.created_at);
    const category = days.get(dayOf(ms))?.categories.get(post.id) ?? 'organic';
    const hour = new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
    for (const source of ['all', post.source]) {
      const key = `${hour}|${source}`;
      let fields = hours.get(key);
      if (!fields) hours.set(key, (fields = { ...NO_ORGANIC_POSTS, authors: new Set() }));
      if (category === 'organic') {
        fields.organic_tweets++;
        fields.authors.add(authorOf(post));
      } else fields[category]++;
    }
  }
  return new Map(
    [...hours].map(([key, { authors, ...fields }]) => [key, { ...fields, organic_unique_authors: authors.size }]),
  );
}

/** The fields of a day without a matching post: every count 0. */
export const NO_ORGANIC_POSTS: OrganicFields = {
  owned: 0,
  flood: 0,
  burst: 0,
  organic_tweets: 0,
  organic_unique_authors: 0,
};

/** A day's stored fields. */
export function organicFields(day: OrganicDay | undefined): OrganicFields {
  if (!day) return NO_ORGANIC_POSTS;
  const { floods: _floods, categories: _categories, organicBySource: _bySource, ...fields } = day;
  return fields;
}

/**
 * Of a day's organic tweets, those counted from a sample (the Twitter archive's), beside its
 * `sampled_tweets`: null without an estimate, 0 when no source of the day was sampled.
 */
export function sampledOrganicTweets(day: OrganicDay | undefined, sampledTweets: number | null): number | null {
  if (sampledTweets === null) return null;
  return sampledTweets === 0 ? 0 : (day?.organicBySource.twitter ?? 0);
}
