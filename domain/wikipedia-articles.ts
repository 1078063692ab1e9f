/*
 * The Wikipedia articles of a show season, as the sheet's `wikipedia_articles` cell lists them,
 * in the form the Wikimedia pageviews API names them. A cell holds one or more articles separated
 * by `|` or new lines (a title never contains `|`; it may contain commas: "Washington, D.C."),
 * each one of:
 *  - `en:Succession (season 2)`: a language edition's code, a colon, the title (a prefix that is
 *    not a code is refused; a code of no edition is reported by the API when fetched);
 *  - `Succession (season 2)`: a bare title, of the English Wikipedia;
 *  - `https://de.wikipedia.org/wiki/Babylon_Berlin`: an article's address (mobile `de.m.` too),
 *    percent-encoded or not; a `#section` is dropped, since views are counted per article.
 * The API matches titles exactly as the wiki stores them: spaces as underscores, the first letter
 * upper case (every Wikipedia capitalises it), no `#<>[]{}|`. It does not follow redirects: a
 * renamed article's views before the move stay under its old title, which must be listed too.
 */

/** One article: `project` as the API names it (`en.wikipedia`), `title` in the API's form. */
export interface WikiArticle {
  project: string;
  title: string;
}

/** Language edition codes: `en`, `pt`, `zh-yue`, `be-tarask`, `simple`. */
const LANGUAGE = /^(?:[a-z]{2,3}(?:-[a-z]{2,8})*|simple)$/;
/** `xx:Title`: a prefix, then a title (after a space, "Star Trek: Discovery" is a bare title). */
const PREFIXED = /^([A-Za-z][A-Za-z0-9-]*):(\s*)(.*)$/s;
/** Characters no MediaWiki title may hold. */
const FORBIDDEN = /[#<>[\]{}|]/;
const MAX_TITLE_BYTES = 255;

/** A title as the API matches it: spaces and underscores as one underscore, trimmed, first letter upper case. */
export function apiTitle(text: string): string {
  const title = text
    .replace(/[\s_]+/g, ' ')
    .trim()
    .replaceAll(' ', '_');
  const first = String.fromCodePoint(title.codePointAt(0) ?? 0);
  return title === '' ? '' : first.toUpperCase() + title.slice(first.length);
}

/** `en:Succession (season 2)`: how outputs name an article. */
export function articleLabel(article: WikiArticle): string {
  return `${article.project.replace(/\.wikipedia$/, '')}:${article.title.replaceAll('_', ' ')}`;
}

/** The article's path segment in an API request: spaces already underscores, the rest percent-encoded. */
export function encodeTitle(title: string): string {
  return encodeURIComponent(title);
}

/** An article from an address, or why it is not one. */
function fromUrl(text: string): WikiArticle | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not an address`;
  }
  const host = /^([a-z-]+)(?:\.m)?\.wikipedia\.org$/.exec(url.hostname);
  if (!host || !LANGUAGE.test(host[1]!))
    return `"${text}" is not a Wikipedia article's address (https://<language>.wikipedia.org/wiki/<title>)`;
  if (!url.pathname.startsWith('/wiki/') || url.pathname.length === '/wiki/'.length)
    return `"${text}" has no article title after /wiki/`;
  let title: string;
  try {
    title = decodeURIComponent(url.pathname.slice('/wiki/'.length));
  } catch {
    return `"${text}" has a title that is not percent-encoded UTF-8`;
  }
  return { project: `${host[1]}.wikipedia`, title };
}

/** `de:Babylon Berlin`, or a bare English title, or why the prefix is no language code. */
function fromPrefixed(entry: string): WikiArticle | string {
  const [, prefix, space, title] = PREFIXED.exec(entry) ?? [];
  if (prefix === undefined) return { project: 'en.wikipedia', title: entry };
  if (LANGUAGE.test(prefix)) return { project: `${prefix}.wikipedia`, title: title! };
  if (space === '') return `"${entry}": "${prefix}" is not a Wikipedia language code (en, de, pt, zh-yue, simple, …)`;
  return { project: 'en.wikipedia', title: entry };
}

/** One entry of the cell as an article, or why it is not one. */
export function parseArticle(entry: string): WikiArticle | string {
  const parsed = /^https?:\/\//i.test(entry) ? fromUrl(entry) : fromPrefixed(entry);
  if (typeof parsed === 'string') return parsed;
  const title = apiTitle(parsed.title);
  if (title === '') return `"${entry}" has an empty title`;
  if (FORBIDDEN.test(title)) return `"${entry}": a title cannot hold # < > [ ] { } or |`;
  if (new TextEncoder().encode(title).length > MAX_TITLE_BYTES)
    return `"${entry}": a title is at most ${MAX_TITLE_BYTES} bytes`;
  return { project: parsed.project, title };
}

/** The articles of a cell, each listed once; every entry that is not an article is reported. */
export function parseArticles(cell: string | undefined, error: (reason: string) => void): WikiArticle[] {
  const articles: WikiArticle[] = [];
  for (const entry of (cell ?? '')
    .split(/[|\n]/)
    .map((text) => text.trim())
    .filter(Boolean)) {
    const article = parseArticle(entry);
    if (typeof article === 'string') error(article);
    else if (!articles.some((a) => a.project === article.project && a.title === article.title)) articles.push(article);
  }
  return articles;
}
