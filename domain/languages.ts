import { BuzzError } from './errors';

/** The ingest filter on a status' `lang`: a list of codes, or `*` for every language. */
export type LanguageFilter = string[] | '*';

/** A language code as statuses and posts carry it: `en`, `pt-br`, `und`. */
export function isLanguageCode(code: string): boolean {
  return /^[a-z]{2,3}(-[a-z0-9]+)?$|^und$/.test(code);
}

export function parseLanguages(text: string): LanguageFilter {
  const trimmed = text.trim();
  if (trimmed === '*') return '*';
  const codes = trimmed
    .split(',')
    .map((code) => code.trim().toLowerCase())
    .filter((code) => code.length > 0);
  const bad = codes.find((code) => !isLanguageCode(code));
  if (codes.length === 0 || bad !== undefined) {
    throw new BuzzError('languages_invalid', `"${text}" is not a language list: use codes such as "en,es", or "*"`);
  }
  return codes;
}

export function keepsLanguage(filter: LanguageFilter, lang: string): boolean {
  return filter === '*' || filter.includes(lang);
}
