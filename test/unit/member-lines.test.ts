import zlib from 'node:zlib';
import { bzip2 } from '../../adapters/archives/archive-writer';
import { createMemberPool } from '../../adapters/archives/member-pool';
import { MemberLines } from '../../domain/member-lines';
import { toTweetDoc, type RawStatus } from '../../domain/tweet';

const user = { id_str: '12', screen_name: 'Fan_One' };
const status = (id: string, lang: string, extra: Partial<RawStatus> = {}): RawStatus => ({
  id_str: id,
  timestamp_ms: '1561939200000',
  text: `tweet ${id}`,
  lang,
  user,
  ...extra,
});
const enOne = status('1', 'en');
const enTwo = status('2', 'en', { text: 'Zéphyrine finale, loved it' });
/** One line of every kind, with how each must be counted. */
const LINES: [string, boolean][] = [
  [JSON.stringify(enOne), true],
  [JSON.stringify(status('3', 'fr')), true],
  // Filtered out before projection: its missing time is never looked at.
  [JSON.stringify(status('4', 'fr', { timestamp_ms: 'never' })), true],
  // Kept, but no usable time: it cannot be projected.
  [JSON.stringify(status('5', 'en', { timestamp_ms: 'never' })), true],
  ['{"delete":{"status":{"id":6,"id_str":"6","user_id":1}}}', true],
  ['{"limit":{"track":3}}', true],
  ['{"id_str":"7",', true],
  ['[1,2]', true],
  [JSON.stringify(enTwo), true],
  ['{"id_str":"8","te', false],
];

describe('MemberLines', () => {
  it('counts every line once, projects only kept statuses and collects deleted ids', () => {
    const lines = new MemberLines(['en']);
    for (const [line, complete] of LINES) lines.add(line, complete);
    const sorted = lines.sorted();
    expect(sorted.counts).toMatchObject({
      lines: 10,
      statuses: 4,
      kept: 2,
      filtered_out: 2,
      notices: 2,
      notices_by_kind: { delete: 1, limit: 1, status_withheld: 0, user_withheld: 0, scrub_geo: 0, other: 0 },
      malformed: 4,
      malformed_by_reason: { invalid_json: 1, truncated_line: 1, unknown_shape: 2 },
    });
    expect(sorted.kept).toBe(`${JSON.stringify(toTweetDoc(enOne))}\n${JSON.stringify(toTweetDoc(enTwo))}\n`);
    expect(sorted.deletedIds).toEqual(['6']);
  });

  it('gives no kept text when nothing is kept', () => {
    const lines = new MemberLines(['de']);
    lines.add(JSON.stringify(enOne), true);
    expect(lines.sorted()).toMatchObject({ kept: '', counts: { statuses: 1, filtered_out: 1 } });
  });
});

describe('member pool (real worker threads running member-thread.ts)', () => {
  const pool = createMemberPool(2);
  afterAll(() => pool.close());
  const text = LINES.map(([line]) => line).join('\n');
  const task = (bytes: Buffer, compression: 'bz2' | 'gz' | 'none', truncated = false, scoreSentiment = true) => ({
    bytes,
    compression,
    decoder: 'wasm' as const,
    languages: ['en'],
    scoreSentiment,
    truncated,
  });

  it('decodes members on the threads and sorts their lines exactly as in this thread', async () => {
    const inline = new MemberLines(['en']);
    for (const [line, complete] of LINES) inline.add(line, complete);
    const expected = inline.sorted();
    const members = [await bzip2(text), zlib.gzipSync(text), Buffer.from(text)];
    const results = await Promise.all(
      members.map((bytes, i) => pool.sort(task(bytes, (['bz2', 'gz', 'none'] as const)[i]!))),
    );
    for (const result of results) {
      expect(result.failure).toBeUndefined();
      expect(result.counts).toEqual({ ...expected.counts, bytes_json: Buffer.byteLength(text) });
      expect(result.kept).toBe(expected.kept);
      expect(result.deletedIds).toEqual(['6']);
    }
  });

  it('keeps the same documents with a null sentiment when the worker does not score', async () => {
    const inline = new MemberLines(['en']);
    for (const [line, complete] of LINES) inline.add(line, complete);
    const scored = inline
      .sorted()
      .kept.split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(scored.some((doc) => typeof doc.sentiment === 'number' && doc.sentiment !== 0)).toBe(true);
    const result = await pool.sort(task(Buffer.from(text), 'none', false, false));
    const unscored = result.kept
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(unscored).toEqual(scored.map((doc) => ({ ...doc, sentiment: null })));
  });

  it('counts what decodes of a damaged member and says why the rest did not', async () => {
    const whole = await bzip2(`${LINES.map(([line]) => line).join('\n')}\n`.repeat(2000));
    const damaged = Buffer.from(whole);
    damaged.fill(0x55, Math.floor(whole.length / 2), Math.floor(whole.length / 2) + 64);
    const result = await pool.sort(task(damaged, 'bz2'));
    expect(result.failure).toMatch(/./);
    expect(result.counts.lines).toBeLessThan(20_000);
    expect(result.counts.lines).toBe(
      result.counts.kept + result.counts.filtered_out + result.counts.notices + result.counts.malformed,
    );
  });
});
