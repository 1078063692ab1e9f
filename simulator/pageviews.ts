import fs from 'node:fs';
import { daysBetween, parseDay, type Day } from '../domain/days';
import { BuzzError } from '../domain/errors';
import { launchCurve } from './launch-curve';
import { Random } from './random';

/*
 * Deterministic Wikipedia daily pageviews with exact ground truth: what the Wikimedia REST
 * pageviews API would answer for a handful of articles, for the local stand-in of that API
 * (infra/local/wikimedia-server.ts) and the tests of its clients. The same options give the same
 * sample, number for number.
 *
 * THE TRUTH. For every article and every day from..to (both included) a whole number of views
 * ≥ 0, zero days included: the API leaves those out, the truth does not, so that a test can tell
 * a day the API skipped from a day it never had. Days after `lastPublished` are in the truth as
 * well: the server hides them until its publish lag moves on.
 *
 * THE CURVE. Away from a launch an article has about `base` views a day. Around `launch` the
 * mean follows simulator/launch-curve.ts's curve up to `peak`, so that a show's pageviews and
 * its posts buzz alike. Each day's views are drawn around that mean with Poisson noise, so an article
 * with a `base` of 0–3 has days of 0 views by chance; `zeroDays` and `neverViewed` force them.
 */

export interface ArticleSpec {
  /** The wiki, as the API names it: `en.wikipedia`, `de.wikipedia`, … */
  project: string;
  /** The title in API form: spaces as underscores (`Succession_(season_2)`). */
  title: string;
  /** A show's launch: views rise in the days before and decay after it. */
  launch?: Day;
  /** Typical daily views away from launch. */
  base: number;
  /** Mean views on launch day; default 10 × base. Only read with `launch`. */
  peak?: number;
  /** Days forced to 0 views. */
  zeroDays?: Day[];
  /** 0 views every day: the API answers 404 for the article. */
  neverViewed?: boolean;
}

export interface PageviewsOptions {
  seed: number;
  from: Day;
  to: Day;
  /** The last day the API has published; later days stay in the truth. */
  lastPublished: Day;
  articles: ArticleSpec[];
}

export interface ArticlePageviews {
  project: string;
  title: string;
  /** Views of every day from..to, 0 included. */
  views: Record<Day, number>;
}

export interface PageviewsSample {
  from: Day;
  to: Day;
  lastPublished: Day;
  articles: ArticlePageviews[];
}

/** `peak` when not given: this many times `base`. */
const DEFAULT_PEAK_FACTOR = 10;
/** Above this mean a normal draw stands in for Poisson: the loop would take too long. */
const POISSON_EXACT_BELOW = 30;

/** An article's place in the random streams: a hash of its name, so another article's views do not move it. */
function nameHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function meanViews(spec: ArticleSpec, day: Day): number {
  if (spec.launch === undefined) return spec.base;
  const peak = spec.peak ?? spec.base * DEFAULT_PEAK_FACTOR;
  return spec.base + Math.max(0, peak - spec.base) * launchCurve(day, spec.launch);
}

/** A standard normal draw (Box–Muller); 1 − next() keeps the logarithm finite. */
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** A Poisson-like whole number around `mean`: exact for small means, normal for large ones. */
function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= POISSON_EXACT_BELOW) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count++;
  return count;
}

function checkSpec(spec: ArticleSpec, from: Day, to: Day): void {
  const name = `${spec.project} ${spec.title}`;
  if (spec.project === '' || spec.title === '')
    throw new BuzzError('bad_input', `an article needs a project and a title`);
  // The API stores titles with underscores: a title with a space could never be asked for.
  if (/\s/.test(spec.title))
    throw new BuzzError('bad_input', `${name}: a title in API form has underscores, not spaces`);
  for (const [field, value] of [
    ['base', spec.base],
    ['peak', spec.peak],
  ] as const)
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new BuzzError('bad_input', `${name}: ${field} ${value} is not a number ≥ 0`);
  if (spec.launch !== undefined) parseDay(spec.launch);
  for (const day of spec.zeroDays ?? [])
    if (parseDay(day) < from || day > to)
      throw new BuzzError('bad_input', `${name}: zero day ${day} is outside ${from}..${to}`);
}

function articleTruth(seed: number, spec: ArticleSpec, days: readonly Day[]): ArticlePageviews {
  const random = new Random((seed ^ nameHash(`${spec.project}/${spec.title}`)) >>> 0);
  const zero = new Set(spec.zeroDays ?? []);
  const views: Record<Day, number> = {};
  for (const day of days) {
    // Drawn for every day, zero or not, so that forcing a zero day leaves the others as they were.
    const drawn = poisson(random, meanViews(spec, day));
    views[day] = spec.neverViewed || zero.has(day) ? 0 : drawn;
  }
  return { project: spec.project, title: spec.title, views };
}

/** Generates the pageviews of `articles` for every day from..to, with exact ground truth. */
export function generatePageviews(options: PageviewsOptions): PageviewsSample {
  const from = parseDay(options.from);
  const to = parseDay(options.to);
  const days = daysBetween(from, to);
  const lastPublished = parseDay(options.lastPublished);
  const seen = new Set<string>();
  for (const spec of options.articles) {
    checkSpec(spec, from, to);
    const key = `${spec.project}/${spec.title}`;
    if (seen.has(key)) throw new BuzzError('bad_input', `${key} is given twice`);
    seen.add(key);
  }
  return { from, to, lastPublished, articles: options.articles.map((spec) => articleTruth(options.seed, spec, days)) };
}

/**
 * The true views of one article from..to (both included), published or not. Days outside the
 * sample count 0; an article that is not in the sample is an error, so that a typo in a test
 * does not pass as "no views".
 */
export function articleViews(sample: PageviewsSample, project: string, title: string, from: Day, to: Day): number {
  const article = sample.articles.find((entry) => entry.project === project && entry.title === title);
  if (!article) throw new BuzzError('not_found', `${project} ${title} is not in the pageviews sample`);
  let total = 0;
  for (const day of daysBetween(from, to)) total += article.views[day] ?? 0;
  return total;
}

/** The sample file: JSON, snake_case as every file of the project. */
interface SampleFile {
  from: Day;
  to: Day;
  last_published: Day;
  articles: ArticlePageviews[];
}

export function writePageviewsSample(file: string, sample: PageviewsSample): void {
  const content: SampleFile = {
    from: sample.from,
    to: sample.to,
    last_published: sample.lastPublished,
    articles: sample.articles,
  };
  fs.writeFileSync(file, JSON.stringify(content, null, 1));
}

function unreadable(file: string, why: string): BuzzError {
  return new BuzzError('bad_input', `${file} is not a pageviews sample: ${why}`);
}

function readArticle(file: string, value: unknown, from: Day, to: Day): ArticlePageviews {
  const article = value as Partial<ArticlePageviews> | null;
  if (typeof article?.project !== 'string' || typeof article.title !== 'string')
    throw unreadable(file, 'an article without project or title');
  const views = article.views as Record<string, unknown> | undefined;
  if (typeof views !== 'object' || views === null) throw unreadable(file, `${article.title} has no views`);
  // Every day of the sample, and only those: the truth has no gaps.
  const days = daysBetween(from, to);
  if (Object.keys(views).length !== days.length) throw unreadable(file, `${article.title} lacks days or has extra`);
  for (const day of days) {
    const count = views[day];
    if (!Number.isSafeInteger(count) || (count as number) < 0)
      throw unreadable(file, `${article.title} on ${day}: ${String(count)} is not a whole number ≥ 0`);
  }
  return { project: article.project, title: article.title, views: views as Record<Day, number> };
}

export function readPageviewsSample(file: string): PageviewsSample {
  let content: Partial<SampleFile>;
  try {
    content = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SampleFile>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
    throw unreadable(file, (error as Error).message);
  }
  if (typeof content !== 'object' || content === null) throw unreadable(file, 'not a JSON object');
  const [from, to, lastPublished] = [content.from, content.to, content.last_published].map((day, i) => {
    if (typeof day !== 'string') throw unreadable(file, `no ${['from', 'to', 'last_published'][i]} day`);
    return parseDay(day);
  }) as [Day, Day, Day];
  if (from > to) throw unreadable(file, `to ${to} is before from ${from}`);
  if (!Array.isArray(content.articles)) throw unreadable(file, 'no articles');
  return { from, to, lastPublished, articles: content.articles.map((article) => readArticle(file, article, from, to)) };
}
