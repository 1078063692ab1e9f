import type { Random } from './random';

/**
 * Identifiers of the AT Protocol as Jetstream shows them, made from a seeded Random so that a
 * generated log is the same on every machine. They have the real forms (a consumer may check
 * them) but point at nothing.
 */

/** The "base32-sortable" alphabet of TIDs: the order of the characters is the order of the values. */
const SORTABLE = '234567abcdefghijklmnopqrstuvwxyz';
/** The lower-case RFC 4648 base32 alphabet of did:plc identifiers and CIDs. */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[random.int(32)];
  return out;
}

/** A did:plc: 24 base32 characters, as the PLC directory makes them. */
export function plcDid(random: Random): string {
  return `did:plc:${base32(random, 24)}`;
}

/**
 * A TID (timestamp identifier, the form of record keys and repo revisions): 13 characters
 * encoding microseconds since 1970 above a 10-bit clock id. Distinct times give distinct TIDs,
 * and TIDs sort as their times do.
 */
export function tid(timeUs: number, clockId: number): string {
  let value = (BigInt(timeUs) << 10n) | BigInt(clockId & 0x3ff);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = SORTABLE[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** A CIDv1 of a dag-cbor block hashed with SHA-256, in base32: "bafyrei" and 52 more characters. */
export function recordCid(random: Random): string {
  return `bafyrei${base32(random, 52)}`;
}

/** A blob's CIDv1 (raw codec), as image embeds reference their files. */
export function blobCid(random: Random): string {
  return `bafkrei${base32(random, 52)}`;
}

/** A record's at-uri: its identity in the network. */
export function atUri(did: string, collection: string, rkey: string): string {
  return `at://${did}/${collection}/${rkey}`;
}
