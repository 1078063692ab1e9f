import { configFingerprint, parseSheetRows, parseTerm, showKeyOf } from '../../domain/show-config';
import { SAMPLE_SHOWS, SHEET_COLUMNS } from '../../simulator/shows';

const headers = [...SHEET_COLUMNS];
const row = (cells: Partial<Record<(typeof SHEET_COLUMNS)[number], string>>): Record<string, string> => ({
  ...Object.fromEntries(headers.map((h) => [h, ''])),
  show_name: 'Zephyrine Hollow',
  season: '2',
  launch_date: '2019-07-03',
  mandatory_search_terms: 'Zephyrine Hollow',
  ...cells,
});

describe('showKeyOf', () => {
  it('slugs the name and appends the season', () => {
    expect(showKeyOf('Succession', '2')).toBe('succession:2');
    expect(showKeyOf("The Marrowdeep Affair (Director's Cut)", 'Season 1')).toBe(
      'the-marrowdeep-affair-director-cut:season-1',
    );
    expect(showKeyOf('Amélie', '1')).toBe('amelie:1');
  });
});

describe('parseTerm', () => {
  it('tells hashtags, mentions and phrases apart', () => {
    expect(parseTerm('#Zéphyrine')).toEqual({ text: '#Zéphyrine', kind: 'hashtag', tag: 'zephyrine' });
    expect(parseTerm('@QuillfeatherTV')).toEqual({ text: '@QuillfeatherTV', kind: 'mention', name: 'quillfeathertv' });
    expect(parseTerm('"Glimmer" AND (Tide*)')).toEqual({
      text: '"Glimmer" AND (Tide*)',
      kind: 'phrase',
      norm: 'glimmer and tide',
    });
    expect(parseTerm('***')).toBe('"***" has no letters or digits to match');
    expect(parseTerm('@not a handle')).toBe('"@not a handle" is not a mention (@ and letters, digits or _)');
  });
});

describe('parseSheetRows', () => {
  it('fills the defaults: window launch −7 … +28, UTC, exact, active', () => {
    const { shows, errors } = parseSheetRows([row({})], headers);
    expect(errors).toEqual([]);
    expect(shows[0]).toMatchObject({
      show_key: 'zephyrine-hollow:2',
      window_start: '2019-06-26',
      window_end: '2019-07-31',
      timezone: 'UTC',
      match_mode: 'exact',
      active: true,
      row: 2,
      mandatory: [{ kind: 'phrase', norm: 'zephyrine hollow' }],
    });
  });

  it('reports every problem of a row with its row number and column, and keeps the good rows', () => {
    const { shows, errors } = parseSheetRows(
      [
        row({ show_name: 'Good One' }),
        row({
          show_name: 'Bad Dates',
          launch_date: '2019-13-01',
          analysis_date_window_start: '2019-07-10',
          analysis_date_window_end: '2019-07-01',
        }),
        row({ show_name: 'No Terms', mandatory_search_terms: '', optional_search_terms: ' , ' }),
        row({ show_name: 'Bad Zone', timezone: 'Mars/Olympus', match_mode: 'loose', active: 'maybe' }),
        row({ show_name: 'Good One' }),
        row({ show_name: '', season: '' }),
      ],
      headers,
    );
    expect(shows.map((s) => s.show_key)).toEqual(['good-one:2']);
    expect(errors).toEqual([
      { row: 3, column: 'launch_date', reason: '"2019-13-01" is not a date (YYYY-MM-DD)', show_name: 'Bad Dates' },
      {
        row: 3,
        column: 'analysis_date_window_end',
        reason: '2019-07-01 is before the window start 2019-07-10',
        show_name: 'Bad Dates',
      },
      {
        row: 4,
        column: 'mandatory_search_terms',
        reason: 'no search terms: give at least one mandatory or optional term',
        show_name: 'No Terms',
      },
      {
        row: 5,
        column: 'timezone',
        reason: '"Mars/Olympus" is not an IANA time zone (e.g. America/New_York)',
        show_name: 'Bad Zone',
      },
      { row: 5, column: 'match_mode', reason: '"loose" is neither exact nor fuzzy', show_name: 'Bad Zone' },
      { row: 5, column: 'active', reason: '"maybe" is neither TRUE nor FALSE', show_name: 'Bad Zone' },
      { row: 6, column: 'show_name', reason: 'duplicate show_key good-one:2 (also on row 2)', show_name: 'Good One' },
      { row: 7, column: 'show_name', reason: 'missing', show_name: undefined },
      { row: 7, column: 'season', reason: 'missing', show_name: undefined },
    ]);
  });

  it('skips empty rows and reads headers as people type them', () => {
    const { shows, errors } = parseSheetRows(
      [
        { 'Show Name': 'X', Season: '1', 'Launch Date': '2019-07-01', 'Optional Search Terms': '#x' },
        { 'Show Name': '' },
      ],
      ['Show Name', 'Season', 'Launch Date', 'Optional Search Terms'],
    );
    expect(errors).toEqual([]);
    expect(shows.map((s) => s.show_key)).toEqual(['x:1']);
  });

  it('refuses a sheet without the required columns', () => {
    expect(parseSheetRows([], ['show', 'launch']).errors.map((e) => e.column)).toEqual([
      'show_name',
      'season',
      'launch_date',
    ]);
  });

  it('validates the sample sheet without errors', () => {
    const { shows, errors } = parseSheetRows(
      SAMPLE_SHOWS.map((s) => s.row),
      headers,
    );
    expect(errors).toEqual([]);
    expect(shows.map((s) => s.show_key)).toEqual(SAMPLE_SHOWS.map((s) => s.show_key));
  });

  it('gives the same fingerprint to the same configuration wherever its row is', () => {
    const a = parseSheetRows([row({})], headers).shows[0]!;
    const b = parseSheetRows([row({ show_name: 'Other' }), row({})], headers).shows[1]!;
    expect(configFingerprint(a)).toBe(configFingerprint(b));
    expect(configFingerprint(a)).not.toBe(
      configFingerprint(parseSheetRows([row({ excluded_search_terms: 'spoiler' })], headers).shows[0]!),
    );
  });
});
