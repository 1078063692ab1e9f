import { IANAZone } from 'luxon';
import { addDays, parseDay, type Day } from './days';
import { normalizeTag, normalizeText } from './text';
import type { OfficialAccount } from './organic';
import { parseArticles, type WikiArticle } from './wikipedia-articles';

/** A search term as the sheet gives it, and what it matches. */
export type Term =
  | { text: string; kind: 'phrase'; norm: string }
  | { text: string; kind: 'hashtag'; tag: string }
  | { text: string; kind: 'mention'; name: string };

/** One show season, validated: what a showBuzz workflow computes. */
export interface ShowConfig {
  show_key: string;
  show_name: string;
  season: string;
  studio_or_network: string;
  launch_date: Day;
  window_start: Day;
  window_end: Day;
  mandatory: Term[];
  optional: Term[];
  excluded: Term[];
  timezone: string;
  match_mode: 'exact' | 'fuzzy';
  active: boolean;
  /** Spike alert rule of this show (domain/spike-rule.ts); unset: the deployment's. */
  alert_k?: number;
  alert_min_count?: number;
  /** The show's Wikipedia articles, whose daily pageviews are summed (domain/wikipedia-articles.ts); unset: none. */
  wikipedia_articles?: WikiArticle[];
  /** The show's own accounts, whose posts are `owned`, not organic (domain/organic.ts); unset: none. */
  official_accounts?: OfficialAccount[];
  /** The sheet row (1 = header), for messages. */
  row: number;
}

export interface RowError {
  row: number;
  column: string;
  reason: string;
  show_name?: string;
}

export const REQUIRED_COLUMNS = ['show_name', 'season', 'launch_date'] as const;
export const WINDOW_DEFAULT = { before: 7, after: 28 };

/** show_key: the show name's words joined by "-", then ":" and the season ("succession:2"). */
export function showKeyOf(showName: string, season: string): string {
  return `${normalizeText(showName).replaceAll(' ', '-')}:${normalizeText(season).replaceAll(' ', '-')}`;
}

/** Column names as people type them: "Launch Date " → "launch_date". */
export function columnName(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, '_');
}

export function parseTerm(text: string): Term | string {
  if (text.startsWith('#')) {
    const tag = normalizeTag(text);
    return tag ? { text, kind: 'hashtag', tag } : `"${text}" is not a hashtag`;
  }
  if (text.startsWith('@')) {
    return /^@\w{1,50}$/.test(text)
      ? { text, kind: 'mention', name: text.slice(1).toLowerCase() }
      : `"${text}" is not a mention (@ and letters, digits or _)`;
  }
  const norm = normalizeText(text);
  return norm ? { text, kind: 'phrase', norm } : `"${text}" has no letters or digits to match`;
}

/** A comma-separated cell, each item parsed: the items, and an error (the reason) for each bad one. */
function parseList<T>(
  cell: string | undefined,
  parse: (text: string) => T | string,
  error: (reason: string) => void,
): T[] {
  const items: T[] = [];
  for (const text of (cell ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const item = parse(text);
    if (typeof item === 'string') error(item);
    else items.push(item);
  }
  return items;
}

function parseTerms(
  cell: string | undefined,
  column: string,
  errors: (column: string, reason: string) => void,
): Term[] {
  return parseList(cell, parseTerm, (reason) => errors(column, reason));
}

/**
 * One official account: a Twitter screen name ("@StudioTV" or "StudioTV", up to 15 letters,
 * digits or _) or a Bluesky DID ("did:plc:…", "did:web:…"). Bluesky handles are refused: the
 * capture knows a post's author by DID only, and a handle's DID can change hands.
 */
export function parseOfficialAccount(text: string): OfficialAccount | string {
  if (/^did:(plc:[a-z2-7]{24}|web:[a-z0-9.-]+(%3A\d+)?)$/.test(text)) return { source: 'bluesky', did: text };
  if (/^@?\w{1,15}$/.test(text)) return { source: 'twitter', screen_name: text.replace(/^@/, '').toLowerCase() };
  if (/^@?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(text))
    return `"${text}" looks like a Bluesky handle: give the account's DID (did:plc:…), which its profile shows`;
  return `"${text}" is neither a Twitter screen name (up to 15 letters, digits or _) nor a Bluesky DID (did:plc:… or did:web:…)`;
}

function parseBoolean(cell: string): boolean | undefined {
  const value = cell.trim().toLowerCase();
  if (['', 'true', 'yes', 'y', '1'].includes(value)) return true;
  if (['false', 'no', 'n', '0'].includes(value)) return false;
  return undefined;
}

/** An optional number above 0 (an alert rule's parameter); empty: undefined. */
function numberCell(
  cell: string | undefined,
  error: (reason: string) => void,
  { integer }: { integer: boolean },
): number | undefined {
  if (!cell) return undefined;
  const value = Number(cell);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    error(`"${cell}" is not ${integer ? 'a whole number' : 'a number'} above 0`);
    return undefined;
  }
  return value;
}

/**
 * Validates the sheet's rows (objects keyed by column name; the first data row is sheet row 2).
 * Each row becomes a ShowConfig or per-row errors naming the row, the column and the reason;
 * a bad row never stops the good ones.
 */
export function parseSheetRows(
  rows: Record<string, string>[],
  headers: string[],
): { shows: ShowConfig[]; errors: RowError[] } {
  const columns = new Set(headers.map(columnName));
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    return {
      shows: [],
      errors: missing.map((column) => ({ row: 1, column, reason: 'the header row has no such column' })),
    };
  }
  const shows: ShowConfig[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, index) => {
    const row = index + 2;
    const cells: Record<string, string> = {};
    for (const [header, value] of Object.entries(raw)) cells[columnName(header)] = (value ?? '').trim();
    if (Object.values(cells).every((value) => value === '')) return;
    const rowErrors: RowError[] = [];
    const error = (column: string, reason: string): void => {
      rowErrors.push({ row, column, reason, show_name: cells.show_name || undefined });
    };

    const showName = cells.show_name ?? '';
    const season = cells.season ?? '';
    if (!normalizeText(showName)) error('show_name', 'missing');
    if (!normalizeText(season)) error('season', 'missing');
    const date = (column: string): Day | undefined => {
      const value = cells[column];
      if (!value) return undefined;
      try {
        return parseDay(value);
      } catch {
        error(column, `"${value}" is not a date (YYYY-MM-DD)`);
        return undefined;
      }
    };
    const launch = date('launch_date');
    if (!cells.launch_date) error('launch_date', 'missing');
    const start = date('analysis_date_window_start') ?? (launch ? addDays(launch, -WINDOW_DEFAULT.before) : undefined);
    const end = date('analysis_date_window_end') ?? (launch ? addDays(launch, WINDOW_DEFAULT.after) : undefined);
    if (start && end && end < start) error('analysis_date_window_end', `${end} is before the window start ${start}`);

    const mandatory = parseTerms(cells.mandatory_search_terms, 'mandatory_search_terms', error);
    const optional = parseTerms(cells.optional_search_terms, 'optional_search_terms', error);
    const excluded = parseTerms(cells.excluded_search_terms, 'excluded_search_terms', error);
    if (mandatory.length === 0 && optional.length === 0 && !rowErrors.some((e) => e.column.endsWith('search_terms'))) {
      error('mandatory_search_terms', 'no search terms: give at least one mandatory or optional term');
    }
    const timezone = cells.timezone || 'UTC';
    if (!IANAZone.isValidZone(timezone))
      error('timezone', `"${timezone}" is not an IANA time zone (e.g. America/New_York)`);
    const mode = (cells.match_mode || 'exact').toLowerCase();
    if (mode !== 'exact' && mode !== 'fuzzy') error('match_mode', `"${cells.match_mode}" is neither exact nor fuzzy`);
    const active = parseBoolean(cells.active ?? '');
    if (active === undefined) error('active', `"${cells.active}" is neither TRUE nor FALSE`);

    const alertK = numberCell(cells.alert_k, (reason) => error('alert_k', reason), { integer: false });
    const alertMinCount = numberCell(cells.alert_min_count, (reason) => error('alert_min_count', reason), {
      integer: true,
    });

    const articles = parseArticles(cells.wikipedia_articles, (reason) => error('wikipedia_articles', reason));
    const official = parseList(cells.official_accounts, parseOfficialAccount, (reason) =>
      error('official_accounts', reason),
    );

    const showKey = showKeyOf(showName, season);
    if (rowErrors.length === 0) {
      const first = seen.get(showKey);
      if (first !== undefined) error('show_name', `duplicate show_key ${showKey} (also on row ${first})`);
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      return;
    }
    seen.set(showKey, row);
    shows.push({
      show_key: showKey,
      show_name: showName,
      season,
      studio_or_network: cells.studio_or_network ?? '',
      launch_date: launch!,
      window_start: start!,
      window_end: end!,
      mandatory,
      optional,
      excluded,
      timezone: IANAZone.create(timezone).name,
      match_mode: mode as ShowConfig['match_mode'],
      active: active!,
      ...(alertK === undefined ? {} : { alert_k: alertK }),
      ...(alertMinCount === undefined ? {} : { alert_min_count: alertMinCount }),
      ...(articles.length === 0 ? {} : { wikipedia_articles: articles }),
      ...(official.length === 0 ? {} : { official_accounts: official }),
      row,
    });
  });
  return { shows, errors };
}

/** What decides a show's numbers; two configs with the same fingerprint compute the same buzz. */
export function configFingerprint(show: ShowConfig): string {
  const { row, active, ...rest } = show;
  return JSON.stringify(rest);
}
