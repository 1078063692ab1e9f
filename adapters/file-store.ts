import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { BuzzError } from '../domain/errors';
import type { ObjectStore } from './object-store';

/** An object store on the local disk: one file per key under a root folder. */
export class FileStore implements ObjectStore {
  constructor(
    readonly uri: string,
    private readonly root: string,
  ) {}

  private pathOf(key: string): string {
    const file = path.resolve(this.root, key);
    if (!file.startsWith(path.resolve(this.root) + path.sep)) {
      throw new BuzzError('store_key_invalid', `Key ${key} is outside the store`);
    }
    return file;
  }

  async put(key: string, body: Buffer | string | Readable): Promise<void> {
    const file = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Write beside the target, then rename: a crash never leaves a half-written object.
    const partial = `${file}.${randomUUID()}.partial`;
    try {
      if (body instanceof Readable) await pipeline(body, fs.createWriteStream(partial));
      else await fs.promises.writeFile(partial, body);
      await fs.promises.rename(partial, file);
    } catch (error) {
      await fs.promises.rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    try {
      const handle = await fs.promises.open(file, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new BuzzError('not_found', `No object ${key} in ${this.uri}`, { cause: error });
      }
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.promises.stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (!entry.name.endsWith('.partial')) {
          const key = path.relative(this.root, full).split(path.sep).join('/');
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
    };
    const slash = prefix.lastIndexOf('/');
    await walk(slash < 0 ? this.root : path.join(this.root, prefix.slice(0, slash)));
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
