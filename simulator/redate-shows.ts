import { addDays, dayStartMs, type Day } from '../domain/days';
import { showKeyOf } from '../domain/show-config';
import { SAMPLE_SHOWS, type SampleShow } from './shows';

/**
 * Copies of sample shows that launch on `launch` instead: live data (Jetstream) is of today,
 * not of 2019, and a show only gets planted tweets around its launch. Each show's analysis
 * window, when it has one, moves by as many days as its launch did; everything else (key,
 * terms, time zone, phrases, peak) is kept, so the same phrases count the same way. With
 * `nextSeason`, each is the show's next season (its own show_key), to sit beside the archive's.
 */
export function redateShows(
  launch: Day,
  shows: readonly SampleShow[] = SAMPLE_SHOWS,
  options: { nextSeason?: boolean } = {},
): SampleShow[] {
  return shows.map((show) => {
    const shift = Math.round((dayStartMs(launch) - dayStartMs(show.row.launch_date)) / 86_400_000);
    const moved = (day: string): string => (day === '' ? '' : addDays(day, shift));
    const season = options.nextSeason ? String(Number(show.row.season) + 1) : show.row.season;
    return {
      ...show,
      show_key: showKeyOf(show.row.show_name, season),
      row: {
        ...show.row,
        season,
        launch_date: launch,
        analysis_date_window_start: moved(show.row.analysis_date_window_start),
        analysis_date_window_end: moved(show.row.analysis_date_window_end),
      },
      phrases: show.phrases.map((phrase) => ({ ...phrase, terms: [...phrase.terms] })),
    };
  });
}
