import { eng as ENGLISH_STOPWORDS } from 'stopword';
import { words } from './text';

/**
 * Near-duplicate texts by shingled MinHash with LSH banding (Broder 1997; Leskovec, Rajaraman &
 * Ullman, "Mining of Massive Datasets", ch. 3): each text becomes the set of its word pairs, a
 * signature of HASHES minimum hashes estimates how much two sets overlap, and texts whose
 * signatures agree on a whole band of ROWS values become candidates. A candidate pair counts only
 * when the exact Jaccard similarity of its word pairs reaches the threshold, so the estimate
 * decides what is compared, never what is similar. The hash functions are fixed (seeded), so the
 * same texts always give the same clusters.
 */

/** Bands × rows: a pair of Jaccard similarity 0.7 becomes a candidate with probability 0.9998, of 0.3 with 0.23. */
const BANDS = 32;
const ROWS = 4;
const HASHES = BANDS * ROWS;
if (BANDS > 32) throw new Error('bandKey holds at most 32 bands below 2^53');

/** What a post's text is compared by: case, accents, punctuation, emoji, links and mentions left out. */
export function comparableWords(text: string): string[] {
  return words(text.replace(/https?:\/\/\S+/giu, ' ').replace(/(^|[^\p{L}\p{N}_])[@＠][\p{L}\p{N}_.-]+/gu, '$1 '));
}

const STOPWORDS = new Set(ENGLISH_STOPWORDS);

/** Distinct words that say something: the stopword package's English list left out. */
export function contentWords(words: string[]): number {
  return new Set(words.filter((word) => !STOPWORDS.has(word))).size;
}

/**
 * Distinct content words a text needs to be compared at all (ORGANIC_RULES.minContentWords):
 * short common posts ("can't wait for #Show tonight!") repeat naturally and are never a flood.
 * Here because the bands stored at ingest are those of such texts only.
 */
export const MIN_CONTENT_WORDS = 6;

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A 32-bit mixer (murmur3's finalizer): one independent-looking hash per seed. */
function mix(value: number, seed: number): number {
  let h = (value ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => mix(i + 1, 0x9e3779b9));

/** The word pairs of a text, hashed (one word alone when the text has one). */
function shingles(tokens: string[]): Set<number> {
  const set = new Set<number>();
  if (tokens.length === 1) set.add(fnv1a(tokens[0]!));
  for (let i = 0; i + 1 < tokens.length; i++) set.add(fnv1a(`${tokens[i]} ${tokens[i + 1]}`));
  return set;
}

function signature(set: Set<number>): Uint32Array {
  const minimums = new Uint32Array(HASHES).fill(0xffffffff);
  for (const shingle of set)
    for (let i = 0; i < HASHES; i++) {
      const h = mix(shingle, SEEDS[i]!);
      if (h < minimums[i]!) minimums[i] = h;
    }
  return minimums;
}

/**
 * A band of a signature as one number: the band in its top bits, 48 bits of a hash of its rows
 * below (numbers, not strings, keep the buckets cheap; with at most 32 bands the key stays below
 * 2^53). Two bands that differ yet share a key (about one chance in a million for a day of 5,000
 * posts) make a candidate that the exact similarity rejects, and may hide a pair in that band
 * alone, which the other bands usually still find.
 */
function bandKey(sig: Uint32Array, band: number): number {
  let high = band + 1;
  let low = 0;
  for (let row = band * ROWS; row < (band + 1) * ROWS; row++) {
    high = mix(high ^ sig[row]!, SEEDS[row]!);
    low = mix(low ^ sig[row]!, SEEDS[HASHES - 1 - row]!);
  }
  return (band * 0x10000 + (high >>> 16)) * 0x100000000 + low;
}

/** Bytes of a band in a stored fingerprint. */
const STORED_BAND_BYTES = 3;

/**
 * The fingerprint a post stores at ingest (`near_duplicate_bands`): each band's key cut to its low
 * 24 bits, base64. Two posts whose band keys are equal have equal stored bands, so the posts that
 * share no stored band with another post of their day share no band at all and can never join a
 * cluster: a show's computation reads the text of the others only (domain/organic.ts). Unequal
 * keys that share their 24 bits (about one pair over the 32 bands of a day of 1,000 posts) only make
 * a text read for nothing. Empty for a text with fewer than MIN_CONTENT_WORDS content words.
 */
export function nearDuplicateBands(text: string): string {
  const tokens = comparableWords(text);
  if (contentWords(tokens) < MIN_CONTENT_WORDS) return '';
  const sig = signature(shingles(tokens));
  const bytes = Buffer.alloc(BANDS * STORED_BAND_BYTES);
  for (let band = 0; band < BANDS; band++)
    bytes.writeUIntBE(bandKey(sig, band) % 0x1000000, band * STORED_BAND_BYTES, STORED_BAND_BYTES);
  return bytes.toString('base64');
}

/** A stored band's characters: its 3 bytes are 4 of base64. */
const STORED_BAND_CHARS = 4;

/**
 * Of posts' stored fingerprints (nearDuplicateBands), the indexes of those that share a band with
 * another: the only ones nearDuplicateClusters can put in a cluster of more than one. A band
 * compares as its slice of the fingerprint, never decoded.
 */
export function sharingABand(fingerprints: string[]): Set<number> {
  const firsts = Array.from({ length: BANDS }, () => new Map<string, number>());
  const sharing = new Set<number>();
  fingerprints.forEach((fingerprint, i) => {
    for (let band = 0; band < BANDS && band * STORED_BAND_CHARS < fingerprint.length; band++) {
      const key = fingerprint.slice(band * STORED_BAND_CHARS, (band + 1) * STORED_BAND_CHARS);
      const other = firsts[band]!.get(key);
      if (other === undefined) firsts[band]!.set(key, i);
      else sharing.add(other).add(i);
    }
  });
  return sharing;
}

function jaccard(a: Set<number>, b: Set<number>): number {
  let shared = 0;
  for (const value of a) if (b.has(value)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Groups the texts into clusters of near-duplicates: indexes of `texts`, each cluster in index
 * order, clusters ordered by their first index; a text like no other is a cluster of one.
 * `similarity`: the least Jaccard similarity of two texts' word pairs that makes them near-duplicates.
 */
export function nearDuplicateClusters(texts: string[][], similarity: number): number[][] {
  const sets = texts.map(shingles);
  const parent = texts.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const buckets = new Map<number, number>();
  sets.forEach((set, i) => {
    if (set.size === 0) return;
    const sig = signature(set);
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(sig, band);
      // Each text is compared with the first text of the bucket only: linear in the bucket's
      // size (a flood of 500 copies is 499 comparisons per band, not 124,750).
      const first = buckets.get(key);
      if (first === undefined) buckets.set(key, i);
      else if (root(first) !== root(i) && jaccard(sets[first]!, set) >= similarity) {
        const [a, b] = [root(first), root(i)];
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const clusters = new Map<number, number[]>();
  texts.forEach((_, i) => {
    const r = root(i);
    const cluster = clusters.get(r);
    if (cluster) cluster.push(i);
    else clusters.set(r, [i]);
  });
  return [...clusters.values()].sort((a, b) => a[0]! - b[0]!);
}
