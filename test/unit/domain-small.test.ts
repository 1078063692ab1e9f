import { archiveFileNames, archiveItemName, parseMemberName } from '../../domain/archive-layout';
import { addDays, daysBetween, parseDay } from '../../domain/days';
import { countsProblems, emptyCounts, sumCounts } from '../../domain/ingest-counts';
import { keepsLanguage, parseLanguages } from '../../domain/languages';
import { snowflakeId, snowflakeTimeMs } from '../../domain/snowflake';

describe('days', () => {
  it('accepts real dates and rejects others', () => {
    expect(parseDay('2020-02-29')).toBe('2020-02-29');
    expect(() => parseDay('2019-02-29')).toThrow('"2019-02-29" is not a date of the form YYYY-MM-DD');
    expect(() => parseDay('2019-7-1')).toThrow();
  });

  it('counts ranges across month ends, both ends included', () => {
    expect(daysBetween('2019-06-29', '2019-07-02')).toEqual(['2019-06-29', '2019-06-30', '2019-07-01', '2019-07-02']);
    expect(addDays('2019-12-31', 1)).toBe('2020-01-01');
    expect(() => daysBetween('2019-07-02', '2019-07-01')).toThrow('--to 2019-07-01 is before --from 2019-07-02');
  });
});

describe('archive layout', () => {
  it('names the archives of a day and its archive.org item', () => {
    expect(archiveFileNames('2019-07-01')).toEqual([
      'twitter_stream_2019_07_01.tar',
      'twitter-stream-2019-07-01.zip',
      'twitter-stream-2019-07-01.tar',
    ]);
    expect(archiveItemName('2019-07-01')).toBe('archiveteam-twitter-stream-2019-07');
  });

  it.each([
    ['2019/07/01/13/05.json.bz2', { hour: 13, minute: 5, compression: 'bz2' }],
    ['twitter-stream-2021-01-01/2021/01/01/00/59.json.gz', { hour: 0, minute: 59, compression: 'gz' }],
    ['2019/07/01/23/00.json', { hour: 23, minute: 0, compression: 'none' }],
    ['2019/07/01/24/00.json.bz2', undefined],
    ['README.txt', undefined],
  ])('member %s', (name, expected) => {
    expect(parseMemberName(name)).toEqual(expected);
  });
});

describe('snowflake ids', () => {
  it('round-trips the creation time of a tweet id', () => {
    const id = snowflakeId(Date.parse('2019-07-01T12:34:56.789Z'), 77);
    expect(snowflakeTimeMs(id)).toBe(Date.parse('2019-07-01T12:34:56.789Z'));
    // 2019-06-30T23:56:22.990Z: the creation time encoded in this id.
    expect(snowflakeTimeMs('1145481234567890944')).toBe(1561938982990);
  });

  it('has no time for pre-2010 ids or garbage', () => {
    expect(snowflakeTimeMs('12345')).toBeUndefined();
    expect(snowflakeTimeMs('abc')).toBeUndefined();
  });
});

describe('languages', () => {
  it('parses lists and the wildcard', () => {
    expect(parseLanguages('en')).toEqual(['en']);
    expect(parseLanguages(' EN, es ')).toEqual(['en', 'es']);
    expect(parseLanguages('*')).toBe('*');
    expect(() => parseLanguages('english!')).toThrow('"english!" is not a language list');
    expect(keepsLanguage(['en'], 'en')).toBe(true);
    expect(keepsLanguage(['en'], 'es')).toBe(false);
    expect(keepsLanguage('*', 'und')).toBe(true);
  });
});

describe('ingest counts', () => {
  it('adds counts and checks that every line is accounted for', () => {
    const a = emptyCounts();
    Object.assign(a, { lines: 10, statuses: 6, kept: 4, filtered_out: 2, notices: 3, malformed: 1 });
    a.notices_by_kind.delete = 3;
    a.malformed_by_reason.truncated_line = 1;
    const total = sumCounts([a, a]);
    expect(total).toMatchObject({ lines: 20, kept: 8, notices: 6, notices_by_kind: { delete: 6 } });
    expect(countsProblems(total)).toEqual([]);
    expect(countsProblems({ ...total, kept: 7 })).toEqual([
      'lines 20 != kept 7 + filtered_out 4 + notices 6 + malformed 2',
      'statuses 12 != kept + filtered_out',
    ]);
  });
});
