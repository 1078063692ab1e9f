import {
  articleDays,
  missingDays,
  pageviewsFields,
  pageviewsRange,
  publishedDays,
  showPageviews,
} from '../../domain/pageviews';
import { pageviewsCsv, pageviewsRows } from '../../domain/pageviews-format';
import { retryAfterMs } from '../../adapters/wikimedia-client';

const show = { project: 'en.wikipedia', title: 'Glimmer_Tide' };
const season = { project: 'de.wikipedia', title: 'Glimmer_Tide_(Staffel_1)' };

describe('pageviews: a count, 0, or no data', () => {
  it('fetches only published days, none before 2015-07-01, none when nothing is published', () => {
    expect(publishedDays('2019-07-01', '2019-07-10', '2019-07-05')).toEqual({ from: '2019-07-01', to: '2019-07-05' });
    expect(publishedDays('2015-06-20', '2015-07-03', '2026-12-01')).toEqual({ from: '2015-07-01', to: '2015-07-03' });
    expect(publishedDays('2026-12-02', '2026-12-09', '2026-12-01')).toBeNull();
    expect(publishedDays('2019-07-01', '2019-07-10', null)).toBeNull();
  });

  it("stores every published day, 0 where the API left a day out, and 0 on every day of a 404'd article", () => {
    const range = { from: '2019-07-01', to: '2019-07-03' };
    expect(articleDays(show, range, new Map([['2019-07-02', 40]])).map((d) => [d.date, d.views])).toEqual([
      ['2019-07-01', 0],
      ['2019-07-02', 40],
      ['2019-07-03', 0],
    ]);
    expect(articleDays(season, range, null)).toEqual([
      { project: 'de.wikipedia', article: 'Glimmer_Tide_(Staffel_1)', date: '2019-07-01', views: 0 },
      { project: 'de.wikipedia', article: 'Glimmer_Tide_(Staffel_1)', date: '2019-07-02', views: 0 },
      { project: 'de.wikipedia', article: 'Glimmer_Tide_(Staffel_1)', date: '2019-07-03', views: 0 },
    ]);
  });

  it("sums a show's articles per day: complete with every article, partial with some, none (null) without any", () => {
    const stored = [
      { ...show, article: show.title, date: '2019-07-01', views: 10 },
      { ...show, article: show.title, date: '2019-07-02', views: 0 },
      { ...season, article: season.title, date: '2019-07-02', views: 5 },
    ];
    expect(showPageviews([show, season], '2019-07-01', '2019-07-03', stored)).toEqual([
      {
        date: '2019-07-01',
        coverage: 'partial',
        pageviews: 10,
        by_article: { 'en:Glimmer Tide': 10, 'de:Glimmer Tide (Staffel 1)': null },
      },
      {
        date: '2019-07-02',
        coverage: 'complete',
        pageviews: 5,
        by_article: { 'en:Glimmer Tide': 0, 'de:Glimmer Tide (Staffel 1)': 5 },
      },
      {
        date: '2019-07-03',
        coverage: 'none',
        pageviews: null,
        by_article: { 'en:Glimmer Tide': null, 'de:Glimmer Tide (Staffel 1)': null },
      },
    ]);
  });

  it("fetches a show's window up to the day asked for, from the API's first day", () => {
    const window = (window_start: string, window_end: string) => ({ window_start, window_end });
    expect(pageviewsRange(window('2019-06-27', '2019-07-20'), '2026-12-01')).toEqual({
      from: '2019-06-27',
      to: '2019-07-20',
    });
    expect(pageviewsRange(window('2026-11-20', '2026-12-20'), '2026-12-01')).toEqual({
      from: '2026-11-20',
      to: '2026-12-01',
    });
    expect(pageviewsRange(window('2015-06-01', '2015-07-02'), '2026-12-01')).toEqual({
      from: '2015-07-01',
      to: '2015-07-02',
    });
    expect(pageviewsRange(window('2026-12-05', '2026-12-20'), '2026-12-01')).toBeNull();
  });

  it('fetches again from the first day not stored to the end: one request over a gap', () => {
    const range = { from: '2019-07-01', to: '2019-07-05' };
    expect(
      missingDays(range, new Set(['2019-07-01', '2019-07-02', '2019-07-03', '2019-07-04', '2019-07-05'])),
    ).toBeNull();
    expect(missingDays(range, new Set(['2019-07-01', '2019-07-02']))).toEqual({ from: '2019-07-03', to: '2019-07-05' });
    expect(missingDays(range, new Set(['2019-07-01', '2019-07-04', '2019-07-05']))).toEqual({
      from: '2019-07-02',
      to: '2019-07-05',
    });
    expect(missingDays(range, new Set())).toEqual(range);
  });

  it('gives buzz-daily the coverage always, the views only on days with data, and nothing to a show without articles', () => {
    const [complete, none] = showPageviews([show, season], '2019-07-01', '2019-07-02', [
      { project: 'en.wikipedia', article: 'Glimmer_Tide', date: '2019-07-01', views: 40 },
      { project: 'de.wikipedia', article: 'Glimmer_Tide_(Staffel_1)', date: '2019-07-01', views: 0 },
    ]);
    expect(pageviewsFields(complete)).toEqual({
      pageviews: 40,
      pageviews_coverage: 'complete',
      pageviews_by_article: [
        { article: 'en:Glimmer Tide', pageviews: 40 },
        { article: 'de:Glimmer Tide (Staffel 1)', pageviews: 0 },
      ],
    });
    expect(pageviewsFields(none)).toEqual({ pageviews_coverage: 'none' });
    expect(pageviewsFields(undefined)).toEqual({});
  });

  it('writes rows and CSV with a column per article, empty where there is no data', () => {
    const days = showPageviews([show, season], '2019-07-03', '2019-07-04', [
      { project: 'en.wikipedia', article: 'Glimmer_Tide', date: '2019-07-03', views: 12 },
      { project: 'de.wikipedia', article: 'Glimmer_Tide_(Staffel_1)', date: '2019-07-03', views: 3 },
      { project: 'en.wikipedia', article: 'Glimmer_Tide', date: '2019-07-04', views: 7 },
    ]);
    const rows = pageviewsRows(
      { show_key: 'glimmer-tide:1', show_name: 'Glimmer Tide', season: '1', launch_date: '2019-07-04' },
      days,
    );
    expect(rows[1]).toEqual({
      show_key: 'glimmer-tide:1',
      show_name: 'Glimmer Tide',
      season: '1',
      date: '2019-07-04',
      source: 'wikipedia',
      days_since_launch: 0,
      coverage: 'partial',
      pageviews: 7,
      by_article: { 'en:Glimmer Tide': 7, 'de:Glimmer Tide (Staffel 1)': null },
    });
    expect(pageviewsCsv(rows).split('\n')).toEqual([
      'show_key,show_name,season,date,days_since_launch,coverage,pageviews,article:en:Glimmer Tide,article:de:Glimmer Tide (Staffel 1)',
      'glimmer-tide:1,Glimmer Tide,1,2019-07-03,-1,complete,15,12,3',
      'glimmer-tide:1,Glimmer Tide,1,2019-07-04,0,partial,7,7,',
      '',
    ]);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('Wed, 02 Dec 2026 12:00:30 GMT', Date.parse('2026-12-02T12:00:00Z'))).toBe(30_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
