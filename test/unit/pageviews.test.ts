import { articleDays, publishedDays, showPageviews } from '../../domain/pageviews';
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

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('Wed, 02 Dec 2026 12:00:30 GMT', Date.parse('2026-12-02T12:00:00Z'))).toBe(30_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
