import { distance } from 'fastest-levenshtein';
import type { RegisteredShow } from './buzz-docs';
import { BuzzError } from './errors';
import { normalizeText } from './text';

/**
 * The show a user named (`buzz --show`): by show_key, or by name (and season when it has
 * several). An unknown name is bad input, answered with the closest registered names.
 */
export function findShow(shows: RegisteredShow[], nameOrKey: string, season?: string): RegisteredShow {
  const byKey = shows.find((show) => show.show_key === nameOrKey);
  if (byKey) return byKey;
  const wanted = normalizeText(nameOrKey);
  const named = shows.filter(
    (show) =>
      normalizeText(show.show_name) === wanted &&
      (season === undefined || normalizeText(show.season) === normalizeText(season)),
  );
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    throw new BuzzError(
      'bad_input',
      `--show "${nameOrKey}" has seasons ${named.map((s) => s.season).join(', ')}: pick one with --season`,
    );
  const close = closeShows(shows, wanted);
  const hint =
    close.length > 0 ? `; close: ${close.join(', ')}` : shows.length === 0 ? '; no show is registered yet' : '';
  throw new BuzzError(
    'bad_input',
    `--show "${nameOrKey}"${season ? ` --season ${season}` : ''}: no such show${hint} (\`buzztracker shows list\` lists them)`,
  );
}

/** Up to three registered shows whose name or key is within a few edits of the wanted text, or contains it. */
function closeShows(shows: RegisteredShow[], wanted: string): string[] {
  const scored = shows.map((show) => {
    const name = normalizeText(show.show_name);
    const score =
      name.includes(wanted) || wanted.includes(name)
        ? 0
        : Math.min(distance(wanted, name), distance(wanted, normalizeText(show.show_key)));
    return { label: `${show.show_name} (${show.show_key})`, score };
  });
  const allowed = Math.max(2, Math.floor(wanted.length / 3));
  return scored
    .filter((s) => s.score <= allowed)
    .sort((a, b) => a.score - b.score || a.label.localeCompare(b.label))
    .slice(0, 3)
    .map((s) => s.label);
}
