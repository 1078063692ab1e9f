import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { bzip2, writeDayArchive } from '../../adapters/archives/archive-writer';
import { LocalArchiveFile } from '../../adapters/archives/archive-file';
import { indexArchive } from '../../adapters/archives/archive-index';
import { MemberDecodeError, decompress } from '../../adapters/archives/decompress';
import { hasSeveralStreams } from '../../adapters/archives/wasm-bz2';
import { forEachLine } from '../../adapters/archives/lines';
import { openMemberReader } from '../../adapters/archives/member-reader';
import { TESTED_DECODERS } from '../support/decoders';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buzz-archive-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function local(file: string): LocalArchiveFile {
  return new LocalArchiveFile(`dir:${file}`, file, fs.statSync(file).size);
}

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

const longPrefix = `twitter-stream-${'x'.repeat(120)}`;
const members = [
  { name: '2019/07/01/00/00.json.bz2', content: '{"a":1}\n{"b":2}\n' },
  { name: '2019/07/01/00/01.json.bz2', content: '{"c":3}\n' },
  { name: `${longPrefix}/2019/07/01/13/59.json.bz2`, content: '{"d":4}\n{"e":' },
  { name: 'README.md', content: 'not a member' },
];

describe.each(['tar', 'zip'] as const)('a %s day archive read by ranges', (format) => {
  const file = path.join(dir, `day.${format}`);

  beforeAll(async () => {
    await writeDayArchive(file, members, format);
  });

  it('lists the members with their hours (long names included) and skips other entries', async () => {
    const index = await indexArchive(local(file));
    expect(index.container).toBe(format);
    expect(index.members.map((m) => [m.name, m.hour, m.minute, m.compression, m.truncated])).toEqual([
      ['2019/07/01/00/00.json.bz2', 0, 0, 'bz2', false],
      ['2019/07/01/00/01.json.bz2', 0, 1, 'bz2', false],
      [`${longPrefix}/2019/07/01/13/59.json.bz2`, 13, 59, 'bz2', false],
    ]);
    expect(index.skipped).toEqual([
      { name: 'README.md', reason: 'not a stream member (YYYY/MM/DD/HH/MM.json[.bz2|.gz])' },
    ]);
    expect(index.damage).toBeUndefined();
  });

  it('reads one member on its own, without the others', async () => {
    const archive = local(file);
    const index = await indexArchive(archive);
    const reader = await openMemberReader(archive, index.container);
    try {
      expect(await text(decompress(await reader.open(index.members[2]!), 'bz2', 'native'))).toBe('{"d":4}\n{"e":');
      expect(await text(decompress(await reader.open(index.members[0]!), 'bz2', 'js'))).toBe('{"a":1}\n{"b":2}\n');
    } finally {
      reader.close();
    }
  });
});

describe('a truncated tar archive', () => {
  it('keeps the members before the cut, marks the cut one truncated and says where the archive ends', async () => {
    const whole = path.join(dir, 'whole.tar');
    await writeDayArchive(whole, members.slice(0, 2), 'tar');
    const cut = path.join(dir, 'cut.tar');
    // Header of member 1 (512) + its data padded (512) + header of member 2 (512) + 20 bytes of its data.
    fs.writeFileSync(cut, fs.readFileSync(whole).subarray(0, 512 + 512 + 512 + 20));
    const index = await indexArchive(local(cut));
    expect(index.members.map((m) => [m.minute, m.truncated, m.size])).toEqual([
      [0, false, (await bzip2(members[0]!.content)).length],
      [1, true, 20],
    ]);
    expect(index.damage).toBe(`the tar archive is truncated at byte ${512 * 3 + 20}`);
  });
});

describe('decompress', () => {
  const content =
    Array.from({ length: 2000 }, (_, i) => JSON.stringify({ i, text: `line ${i} é 日本` })).join('\n') + '\n';

  it.each(TESTED_DECODERS)('decodes bz2 with the %s decoder', async (decoder) => {
    const compressed = await bzip2(content);
    expect(
      await text(decompress(Readable.from([compressed.subarray(0, 100), compressed.subarray(100)]), 'bz2', decoder)),
    ).toBe(content);
  });

  it.each(TESTED_DECODERS)(
    'decodes every stream of a member written as several (pbzip2 style) (%s)',
    async (decoder) => {
      const half = content.length / 2;
      const member = Buffer.concat([await bzip2(content.slice(0, half)), await bzip2(content.slice(half))]);
      expect(hasSeveralStreams(member)).toBe(true);
      expect(hasSeveralStreams(await bzip2(content))).toBe(false);
      expect(await text(decompress(Readable.from([member]), 'bz2', decoder, Infinity))).toBe(content);
    },
  );

  it.each(TESTED_DECODERS)('fails a member cut short with MemberDecodeError (%s)', async (decoder) => {
    const compressed = await bzip2(content);
    await expect(
      text(decompress(Readable.from([compressed.subarray(0, compressed.length - 50)]), 'bz2', decoder)),
    ).rejects.toBeInstanceOf(MemberDecodeError);
  });

  it('decodes gzip and passes plain JSON through', async () => {
    expect(await text(decompress(Readable.from([zlib.gzipSync(content)]), 'gz', 'native'))).toBe(content);
    expect(await text(decompress(Readable.from([Buffer.from(content)]), 'none', 'native'))).toBe(content);
  });

  it.each(TESTED_DECODERS)('fails a corrupt member with MemberDecodeError (%s)', async (decoder) => {
    const garbage = Buffer.concat([Buffer.from('BZh9'), Buffer.alloc(5000, 0x5a)]);
    await expect(text(decompress(Readable.from([garbage]), 'bz2', decoder))).rejects.toBeInstanceOf(MemberDecodeError);
  });

  it('fails a corrupt gzip member with MemberDecodeError', async () => {
    await expect(
      text(decompress(Readable.from([Buffer.from('not gzip at all')]), 'gz', 'native')),
    ).rejects.toBeInstanceOf(MemberDecodeError);
  });

  it.each(TESTED_DECODERS.filter((decoder) => decoder === 'addon' || decoder === 'native'))(
    'passes on an error reading the archive itself (worth a retry), not as a decode error (%s)',
    async (decoder) => {
      const failing = new Readable({
        read() {
          this.destroy(new Error('connection reset'));
        },
      });
      const attempt = text(decompress(failing, 'bz2', decoder));
      await expect(attempt).rejects.toThrow('connection reset');
      await expect(attempt).rejects.not.toBeInstanceOf(MemberDecodeError);
    },
  );
});

describe('forEachLine', () => {
  async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
    for (const part of parts) yield Buffer.from(part);
  }

  it('splits lines across chunk boundaries, inside multi-byte characters too, and drops CR and empty lines', async () => {
    const seen: [string, boolean][] = [];
    const euro = Buffer.from('€');
    async function* split(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"a":1}\r\n{"b":"');
      yield euro.subarray(0, 1);
      yield Buffer.concat([euro.subarray(1), Buffer.from('"}\n\n{"c":')]);
    }
    await forEachLine(split(), (line, complete) => seen.push([line, complete]));
    expect(seen).toEqual([
      ['{"a":1}', true],
      ['{"b":"€"}', true],
      ['{"c":', false],
    ]);
  });

  it('reports a last line that ends with its newline as complete', async () => {
    const seen: [string, boolean][] = [];
    await forEachLine(chunks('x\n', 'y\n'), (line, complete) => seen.push([line, complete]));
    expect(seen).toEqual([
      ['x', true],
      ['y', true],
    ]);
  });
});
