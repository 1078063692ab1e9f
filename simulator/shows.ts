/**
 * The sample sheet's shows and the phrases the generator plants in English tweets, each with
 * the search terms it matches by the SPEC matching rules (exact mode). The ground truth of
 * buzz is known by construction: a tweet matches a show when its planted phrase does.
 */
export interface SampleShow {
  show_key: string;
  row: {
    show_name: string;
    season: string;
    studio_or_network: string;
    launch_date: string;
    analysis_date_window_start: string;
    analysis_date_window_end: string;
    mandatory_search_terms: string;
    optional_search_terms: string;
    excluded_search_terms: string;
    timezone: string;
    match_mode: string;
    active: string;
  };
  /** Mean planted tweets per minute on launch day; the curve rises before and decays after. */
  peakPerMinute: number;
  phrases: Phrase[];
  /** The show's Wikipedia articles (the sheet's `wikipedia_articles` when asked for), with their typical views. */
  articles: SampleArticle[];
}

/** A generated article: `en:Title` as the sheet lists it, its views away from launch and on launch day. */
export interface SampleArticle {
  name: string;
  base: number;
  peak: number;
}

export interface Phrase {
  text: string;
  /** The show's terms this phrase matches; empty when the tweet must not count. */
  terms: string[];
  /** Put the phrase past the first 140 characters of a long tweet (only in its extended text). */
  extendedOnly?: boolean;
}

export const SHEET_COLUMNS = [
  'show_name',
  'season',
  'studio_or_network',
  'launch_date',
  'analysis_date_window_start',
  'analysis_date_window_end',
  'mandatory_search_terms',
  'optional_search_terms',
  'excluded_search_terms',
  'timezone',
  'match_mode',
  'active',
] as const;

export const SAMPLE_SHOWS: SampleShow[] = [
  {
    show_key: 'zephyrine-hollow:2',
    row: {
      show_name: 'Zephyrine Hollow',
      season: '2',
      studio_or_network: 'Northlight',
      launch_date: '2019-07-03',
      analysis_date_window_start: '',
      analysis_date_window_end: '',
      mandatory_search_terms: 'Zephyrine Hollow',
      optional_search_terms: '',
      excluded_search_terms: '',
      timezone: '',
      match_mode: '',
      active: '',
    },
    peakPerMinute: 0.5,
    articles: [
      { name: 'en:Zephyrine Hollow', base: 900, peak: 14_000 },
      { name: 'en:Zephyrine Hollow (season 2)', base: 120, peak: 9_000 },
    ],
    phrases: [
      { text: 'Zephyrine Hollow', terms: ['Zephyrine Hollow'] },
      { text: 'ZEPHYRINE HOLLOW!', terms: ['Zephyrine Hollow'] },
      { text: "zéphyrine hollow's finale", terms: ['Zephyrine Hollow'] },
      { text: '(Zephyrine Hollow)', terms: ['Zephyrine Hollow'], extendedOnly: true },
      { text: '#ZephyrineHollow', terms: [] },
      { text: 'hollow zephyrine', terms: [] },
    ],
  },
  {
    show_key: 'the-marrowdeep-affair:1',
    row: {
      show_name: 'The Marrowdeep Affair',
      season: '1',
      studio_or_network: 'Harbor Street',
      launch_date: '2019-07-05',
      analysis_date_window_start: '2019-07-01',
      analysis_date_window_end: '2019-07-31',
      mandatory_search_terms: 'Marrowdeep',
      optional_search_terms: 'affair, #MarrowdeepFinale',
      excluded_search_terms: 'recipe',
      timezone: 'America/Los_Angeles',
      match_mode: 'exact',
      active: 'TRUE',
    },
    peakPerMinute: 0.3,
    articles: [{ name: 'en:The Marrowdeep Affair', base: 300, peak: 6_500 }],
    phrases: [
      { text: 'Marrowdeep affair', terms: ['Marrowdeep', 'affair'] },
      { text: '#Marrowdeep AFFAIR', terms: ['Marrowdeep', 'affair'] },
      { text: 'marrowdeep #MarrowdeepFinale', terms: ['Marrowdeep', '#MarrowdeepFinale'] },
      { text: 'Marrowdeep tonight', terms: [] },
      { text: 'Marrowdeep affair recipe', terms: [] },
    ],
  },
  {
    show_key: 'quillfeather:3',
    row: {
      show_name: 'Quillfeather',
      season: '3',
      studio_or_network: 'Kestrel',
      launch_date: '2019-07-02',
      analysis_date_window_start: '2019-06-28',
      analysis_date_window_end: '2019-07-10',
      mandatory_search_terms: '',
      optional_search_terms: '@QuillfeatherTV, #Quillfeather',
      excluded_search_terms: '',
      timezone: 'UTC',
      match_mode: 'exact',
      active: 'TRUE',
    },
    peakPerMinute: 0.2,
    articles: [
      { name: 'en:Quillfeather (TV series)', base: 500, peak: 4_000 },
      { name: 'de:Quillfeather', base: 40, peak: 600 },
    ],
    phrases: [
      { text: '@QuillfeatherTV', terms: ['@QuillfeatherTV'] },
      { text: '@QuillfeatherTV', terms: ['@QuillfeatherTV'], extendedOnly: true },
      { text: '#quillfeather', terms: ['#Quillfeather'] },
      { text: 'quillfeather', terms: [] },
    ],
  },
  {
    show_key: 'glimmer-tide:1',
    row: {
      show_name: 'Glimmer Tide',
      season: '1',
      studio_or_network: 'Paperlake',
      launch_date: '2019-07-04',
      analysis_date_window_start: '',
      analysis_date_window_end: '',
      mandatory_search_terms: '"Glimmer" AND (Tide*)',
      optional_search_terms: '',
      excluded_search_terms: '',
      timezone: 'Asia/Tokyo',
      match_mode: 'exact',
      active: 'TRUE',
    },
    peakPerMinute: 0.1,
    articles: [{ name: 'en:Glimmer Tide', base: 60, peak: 2_500 }],
    phrases: [
      { text: '"Glimmer" AND (Tide*)', terms: ['"Glimmer" AND (Tide*)'] },
      { text: 'glimmer and tide', terms: ['"Glimmer" AND (Tide*)'] },
      { text: 'glimmer tide', terms: [] },
    ],
  },
];

/** A CSV cell, quoted when it holds a comma, quote or newline. */
function cell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The sample sheet as exported to CSV by Google Sheets; with `articles`, its `wikipedia_articles` column too. */
export function sampleSheetCsv(shows: SampleShow[] = SAMPLE_SHOWS, options: { articles?: boolean } = {}): string {
  const articles = (show: SampleShow) => (options.articles ? [cell(show.articles.map((a) => a.name).join(' | '))] : []);
  const lines = [[...SHEET_COLUMNS, ...(options.articles ? ['wikipedia_articles'] : [])].join(',')];
  for (const show of shows)
    lines.push([...SHEET_COLUMNS.map((column) => cell(show.row[column])), ...articles(show)].join(','));
  return lines.join('\n') + '\n';
}
