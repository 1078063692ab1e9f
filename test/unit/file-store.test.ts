import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { FileStore } from '../../adapters/file-store';
import { openStore } from '../../adapters/store';
import { BuzzError } from '../../domain/errors';

describe('FileStore', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-store-'));
  const store = new FileStore(`file:${root}`, root);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes buffers and streams, reads them back, lists by prefix in order', async () => {
    await store.put('day=2019-07-01/hour=01.ndjson.gz', Buffer.from('one'));
    await store.put('day=2019-07-01/hour=00.ndjson.gz', Readable.from(['t', 'w', 'o']));
    await store.put('day=2019-07-02/hour=00.ndjson.gz', 'three');

    expect(await text(await store.get('day=2019-07-01/hour=00.ndjson.gz'))).toBe('two');
    expect(await store.list('day=2019-07-01/')).toEqual([
      'day=2019-07-01/hour=00.ndjson.gz',
      'day=2019-07-01/hour=01.ndjson.gz',
    ]);
    expect(await store.list('day=2019-07')).toHaveLength(3);
    expect(await store.exists('day=2019-07-02/hour=00.ndjson.gz')).toBe(true);
  });

  it('replaces an object written twice and leaves no partial files', async () => {
    await store.put('manifest.json', '{"v":1}');
    await store.put('manifest.json', '{"v":2}');
    expect(await text(await store.get('manifest.json'))).toBe('{"v":2}');
    expect(fs.readdirSync(root).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it('keeps no half-written object when the body stream fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('source broke'));
      },
    });
    await expect(store.put('broken.json', failing)).rejects.toThrow('source broke');
    expect(await store.exists('broken.json')).toBe(false);
    expect(await store.list('broken')).toEqual([]);
  });

  it('fails with not_found for a missing key and refuses keys outside its root', async () => {
    await expect(store.get('missing.json')).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.put('../escape.json', 'x')).rejects.toBeInstanceOf(BuzzError);
  });

  it('deletes objects', async () => {
    await store.put('gone.json', 'x');
    await store.delete('gone.json');
    expect(await store.exists('gone.json')).toBe(false);
  });
});

describe('openStore', () => {
  it('opens file: stores relative to the working directory and rejects unknown schemes', () => {
    const store = openStore('file:./somewhere', () => {
      throw new Error('no S3 needed');
    });
    expect(store).toBeInstanceOf(FileStore);
    expect(() => openStore('gs://bucket', () => ({}) as never)).toThrow(/expected file:<dir> or s3:\/\/bucket\/prefix/);
  });
});
