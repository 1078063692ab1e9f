import { MemberLines } from '../../domain/member-lines';
import { inSampleWindow, sampleCheck } from '../../domain/sample-check';
import { snowflakeId } from '../../domain/snowflake';

/* The 1% sample's rule: a status is in the sample when its id's millisecond is in 657–666. */

const SECOND = Date.parse('2019-07-02T12:00:00Z');
const idAt = (ms: number, sequence = 0) => snowflakeId(SECOND + ms, sequence);

describe('inSampleWindow', () => {
  it('takes the millisecond of the id’s time, 657 to 666 inclusive', () => {
    expect([656, 657, 661, 666, 667, 0, 999].map((ms) => inSampleWindow(idAt(ms, 4095)))).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('cannot tell for an id older than snowflakes (before November 2010) or not an id', () => {
    expect([inSampleWindow('20'), inSampleWindow('12345678901234'), inSampleWindow('abc')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('sampleCheck', () => {
  it('is the sample at 99% or more in the window, not the sample below, unknown with nothing to check', () => {
    expect(sampleCheck({ sample_checked: 1000, sample_in_window: 990 })).toEqual({
      in_window: 990,
      statuses: 1000,
      share: 0.99,
      verdict: 'sample',
    });
    expect(sampleCheck({ sample_checked: 1000, sample_in_window: 989 }).verdict).toBe('not_sample');
    // A filtered archive of the full stream: about 1% of its ids fall in the window by chance.
    expect(sampleCheck({ sample_checked: 5000, sample_in_window: 51 }).verdict).toBe('not_sample');
    expect(sampleCheck({ sample_checked: 0, sample_in_window: 0 })).toEqual({
      in_window: 0,
      statuses: 0,
      share: null,
      verdict: 'unknown',
    });
    expect(sampleCheck({}).verdict).toBe('unknown');
  });
});

describe('MemberLines', () => {
  const status = (id: string, lang = 'en') =>
    JSON.stringify({
      id_str: id,
      created_at: 'Tue Jul 02 12:00:00 +0000 2019',
      text: 'hello',
      lang,
      user: { id_str: '7', screen_name: 'a', followers_count: 1 },
      entities: { hashtags: [], user_mentions: [] },
    });

  it('checks the kept statuses’ ids only: filtered-out ones are not counted', () => {
    const lines = new MemberLines(['en']);
    for (const line of [status(idAt(660)), status(idAt(100, 1)), status(idAt(662, 2), 'fr'), status('12345')])
      lines.add(line, true);
    expect(lines.counts).toMatchObject({ kept: 3, filtered_out: 1, sample_checked: 2, sample_in_window: 1 });
  });
});
