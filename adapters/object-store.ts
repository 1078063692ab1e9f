import type { Readable } from 'node:stream';

/**
 * Where BuzzTracker keeps its preprocessed copy of the data and its manifests. Keys are
 * "/"-separated and derive from business keys (day, hour), so writing the same key twice
 * replaces the object: a retried write changes nothing.
 */
export interface ObjectStore {
  /** The store's URI as configured, for messages. */
  readonly uri: string;
  /** Writes the whole body; readers never see a partly written object. */
  put(key: string, body: Buffer | string | Readable): Promise<void>;
  /** The object's bytes as a stream; fails with code `not_found` when absent. */
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Keys under a prefix, in lexicographic order. */
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
}
