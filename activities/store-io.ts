import { text } from 'node:stream/consumers';
import type { ObjectStore } from '../adapters/object-store';

export async function readJson<T>(store: ObjectStore, key: string): Promise<T> {
  return JSON.parse(await text(await store.get(key))) as T;
}

export async function writeJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, JSON.stringify(value, null, 1));
}
