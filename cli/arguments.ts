import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { daysBetween, hourStartMs, parseDay, type Day } from '../domain/days';
import { BuzzError } from '../domain/errors';
import { isLanguageCode, parseLanguages } from '../domain/languages';
import { parseWindow, type LaunchWindow } from '../domain/leaderboard';
import { SHEET_FORMS, SOURCE_FORMS, parseSheetUri, parseSourceUri } from '../domain/locations';

/*
 * The parsers of command-line values. Each refuses a bad value before anything starts: commander
 * then prints `error: option '--x <v>' argument '…' is invalid. <why>` and the CLI exits 2.
 */

export function positiveInt(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more');
  return value;
}

export function nonNegativeInt(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('expected a whole number of 0 or more');
  return Number(text);
}

export function port(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new InvalidArgumentError('expected a port, 0 to 65535');
  return value;
}

/** One language code, lower-cased: a post's `lang`. */
export function languageCode(text: string): string {
  const code = text.trim().toLowerCase();
  if (!isLanguageCode(code)) throw new InvalidArgumentError('expected a language code such as en or pt-br');
  return code;
}

/** What a domain parser refuses, as commander's invalid argument (its message names the option). */
function refusedAsArgument<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function dayArgument(text: string): string {
  return refusedAsArgument(() => parseDay(text));
}

export function hoursArgument(text: string): number[] {
  const match = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(text);
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  if (!match || from > to || to > 23)
    throw new InvalidArgumentError('expected an hour or a range of hours, e.g. 13 or 0-23');
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A language filter (`en,es` or `*`), checked and kept as typed. */
export function languagesArgument(text: string): string {
  refusedAsArgument(() => parseLanguages(text));
  return text;
}

export function timeOfDay(text: string): string {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(text)) throw new InvalidArgumentError('expected a time of day, HH:MM (UTC)');
  return text;
}

export function httpUrl(text: string): string {
  if (!/^https?:\/\/[^\s/]+/.test(text)) throw new InvalidArgumentError('expected an http:// or https:// URL');
  return text;
}

export function existingFile(text: string): string {
  if (!fs.statSync(text, { throwIfNoEntry: false })?.isFile())
    throw new InvalidArgumentError(`no file ${path.resolve(text)}`);
  return text;
}

export function wsUrl(text: string): string {
  if (!/^wss?:\/\/[^\s/]+/.test(text)) throw new InvalidArgumentError('expected a ws:// or wss:// URL');
  return text;
}

/**
 * An archive source as the workers will see it: the form checked, a `dir:` folder checked to
 * exist and made absolute (a worker's working directory is not the user's).
 */
export function sourceArgument(text: string): string {
  const source = parseSourceUri(text);
  if (!source) throw new InvalidArgumentError(`expected ${SOURCE_FORMS}`);
  if (source.kind !== 'dir') return text;
  const folder = path.resolve(source.path);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new InvalidArgumentError(`no folder ${folder}`);
  return `dir:${folder}`;
}

/** A sheet as the workers will see it: the form checked, a `file:` checked to be a readable file and made absolute. */
export function sheetArgument(text: string): string {
  const sheet = parseSheetUri(text);
  if (!sheet) throw new InvalidArgumentError(`expected ${SHEET_FORMS}`);
  if (sheet.kind !== 'file') return text;
  const file = path.resolve(sheet.path);
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new InvalidArgumentError(`no file ${file}`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new InvalidArgumentError(`${file} cannot be read`);
  }
  return `file:${file}`;
}

/** The days from `from` to `to` (default `from`); a range that ends before it starts is bad usage. */
export function dayRange(from: Day, to: Day | undefined): Day[] {
  if (to !== undefined && to < from)
    throw new BuzzError('bad_input', `--to ${to} is before --from ${from}: expected --to on or after --from`);
  return daysBetween(from, to ?? from);
}

/** A UTC hour, `YYYY-MM-DDTHH`. */
export function hourArgument(text: string): string {
  refusedAsArgument(() => hourStartMs(text));
  return text;
}

/** Days since launch, FROM..TO (`0..6`, `-7..-1`). */
export function windowArgument(text: string): LaunchWindow {
  return refusedAsArgument(() => parseWindow(text));
}
