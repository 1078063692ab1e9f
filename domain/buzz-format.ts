import { stringify } from 'csv-stringify/sync';
import type { DailyDoc } from './buzz-docs';

/** The metric names of SPEC "Buzz metrics", in output order. */
export function buzzRows(days: DailyDoc[]) {
  return days.map((d) => ({
    show_key: d.show_key,
    show_name: d.show_name,
    season: d.season,
    date: d.date,
    days_since_launch: d.days_since_launch,
    tweets: d.tweets,
    original_tweets: d.original_tweets,
    retweets: d.retweets,
    unique_authors: d.unique_authors,
    share_of_sample: d.share_of_sample,
    statuses_in_sample: d.statuses_in_sample,
    data_complete: d.data_complete,
    terms: Object.fromEntries(d.term_counts.map((t) => [t.term, t.tweets])),
  }));
}

/** CSV with one column per search term (term:<text>). */
export function buzzCsv(days: DailyDoc[]): string {
  const terms = [...new Set(days.flatMap((d) => d.term_counts.map((t) => t.term)))];
  const records = buzzRows(days).map(({ terms: counts, ...row }) => ({
    ...row,
    ...Object.fromEntries(terms.map((term) => [`term:${term}`, counts[term] ?? 0])),
  }));
  const columns = [
    'show_key',
    'show_name',
    'season',
    'date',
    'days_since_launch',
    'tweets',
    'original_tweets',
    'retweets',
    'unique_authors',
    'share_of_sample',
    'data_complete',
    ...terms.map((t) => `term:${t}`),
  ];
  return stringify(records, { header: true, columns, cast: { boolean: (value) => String(value) } });
}
