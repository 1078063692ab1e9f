import { createElasticsearchClient } from '../../adapters/elasticsearch';
import { deleteIndicesWithPrefix, ensureShowIndices } from '../../adapters/elasticsearch-indices';
import { repositories } from '../../adapters/repositories';
import { WikimediaError, wikimediaClient } from '../../adapters/wikimedia-client';
import { daysBetween } from '../../domain/days';
import { indexNames } from '../../domain/index-names';
import { parseArticles } from '../../domain/wikipedia-articles';
import { startWikimediaServer, type WikimediaServer } from '../../infra/local/wikimedia-server';
import { fetchShowPageviews, readShowPageviews } from '../../services/pageviews';
import { generatePageviews, type PageviewsSample } from '../../simulator/pageviews';
import { testConfig, uniqueId } from '../support/services';

/*
 * Pageviews fetched from the local stand-in of the Wikimedia API (infra/local/wikimedia-server.ts:
 * the real API is not reachable here), stored in the real Elasticsearch 8.19 and read back per
 * show and day: equal to the generated truth, with 0 and no data told apart.
 */

const config = testConfig();
const FROM = '2019-06-24';
const TO = '2019-07-20';
const LAST_PUBLISHED = '2019-07-15';

describe('Wikipedia pageviews from the Wikimedia API into Elasticsearch', () => {
  const es = createElasticsearchClient(config.elasticsearch);
  const prefix = `${config.elasticsearch.indexPrefix}-${uniqueId('pv')}`;
  const repos = repositories(es, indexNames(prefix));
  let server: WikimediaServer;
  let sample: PageviewsSample;
  // The show's page, its season's page on another wiki, and a title nobody viewed (a typo).
  const articles = parseArticles('en:Glimmer Tide | de:Glimmer Tide (Staffel 1) | Glimmer Tyde', (reason) => {
    throw new Error(reason);
  });
  const truthOf = (project: string, title: string) =>
    sample.articles.find((a) => a.project === project && a.title === title)!.views;

  beforeAll(async () => {
    sample = generatePageviews({
      seed: 7,
      from: '2019-06-01',
      to: '2019-07-31',
      lastPublished: LAST_PUBLISHED,
      articles: [
        {
          project: 'en.wikipedia',
          title: 'Glimmer_Tide',
          launch: '2019-07-01',
          base: 40,
          peak: 3000,
          zeroDays: ['2019-07-08'],
        },
        { project: 'de.wikipedia', title: 'Glimmer_Tide_(Staffel_1)', launch: '2019-07-01', base: 0.3, peak: 12 },
        { project: 'en.wikipedia', title: 'Glimmer_Tyde', base: 0, neverViewed: true },
      ],
    });
    server = await startWikimediaServer({ sample });
    await ensureShowIndices(es, indexNames(prefix));
  });

  afterAll(async () => {
    await server.close();
    await deleteIndicesWithPrefix(es, prefix);
    await es.close();
  });

  const client = () => wikimediaClient({ apiUrl: server.url, userAgent: 'BuzzTracker-tests/1 (integration)' });

  it('sums the articles per day exactly: a zero day is 0, the never-viewed title 0 and reported, unpublished days no data', async () => {
    const fetched = await fetchShowPageviews({ wikimedia: client(), repos }, articles, FROM, TO);
    expect(fetched).toEqual([
      { article: 'en:Glimmer Tide', range: { from: FROM, to: LAST_PUBLISHED }, found: true },
      { article: 'de:Glimmer Tide (Staffel 1)', range: { from: FROM, to: LAST_PUBLISHED }, found: true },
      { article: 'en:Glimmer Tyde', range: { from: FROM, to: LAST_PUBLISHED }, found: false },
    ]);
    const days = await readShowPageviews(repos, articles, FROM, TO);
    const show = truthOf('en.wikipedia', 'Glimmer_Tide');
    const season = truthOf('de.wikipedia', 'Glimmer_Tide_(Staffel_1)');
    expect(days).toEqual(
      daysBetween(FROM, TO).map((date) =>
        date <= LAST_PUBLISHED
          ? {
              date,
              coverage: 'complete',
              pageviews: show[date]! + season[date]!,
              by_article: {
                'en:Glimmer Tide': show[date],
                'de:Glimmer Tide (Staffel 1)': season[date],
                'en:Glimmer Tyde': 0,
              },
            }
          : {
              date,
              coverage: 'none',
              pageviews: null,
              by_article: { 'en:Glimmer Tide': null, 'de:Glimmer Tide (Staffel 1)': null, 'en:Glimmer Tyde': null },
            },
      ),
    );
    // The planted zero day is a stored 0, and the small season page had days without a view too.
    expect(show['2019-07-08']).toBe(0);
    expect(daysBetween(FROM, LAST_PUBLISHED).some((date) => season[date] === 0)).toBe(true);
    // One request for each wiki's last published day, one for each article, each with the User-Agent.
    expect(server.requests.map((r) => [r.status, r.userAgent])).toEqual([
      [200, 'BuzzTracker-tests/1 (integration)'],
      [200, 'BuzzTracker-tests/1 (integration)'],
      [200, 'BuzzTracker-tests/1 (integration)'],
      [200, 'BuzzTracker-tests/1 (integration)'],
      [404, 'BuzzTracker-tests/1 (integration)'],
    ]);
  });

  it('fills the days published since, writing each day once however often it is fetched', async () => {
    server.setLastPublished('2019-07-17');
    await fetchShowPageviews({ wikimedia: client(), repos }, articles, FROM, TO);
    const days = await readShowPageviews(repos, articles, '2019-07-15', '2019-07-18');
    const show = truthOf('en.wikipedia', 'Glimmer_Tide');
    const season = truthOf('de.wikipedia', 'Glimmer_Tide_(Staffel_1)');
    expect(days.map((d) => [d.date, d.coverage, d.pageviews])).toEqual([
      ['2019-07-15', 'complete', show['2019-07-15']! + season['2019-07-15']!],
      ['2019-07-16', 'complete', show['2019-07-16']! + season['2019-07-16']!],
      ['2019-07-17', 'complete', show['2019-07-17']! + season['2019-07-17']!],
      ['2019-07-18', 'none', null],
    ]);
    const published = daysBetween(FROM, '2019-07-17').length;
    expect((await es.count({ index: indexNames(prefix).pageviews })).count).toBe(3 * published);
  });

  it('names the URL and status of a 429 (with its Retry-After), a 503 and a malformed answer, and stores nothing then', async () => {
    const before = (await es.count({ index: indexNames(prefix).pageviews })).count;
    const failure = async () => {
      try {
        await fetchShowPageviews({ wikimedia: client(), repos }, articles.slice(0, 1), FROM, TO);
      } catch (error) {
        return error as WikimediaError;
      }
      throw new Error('expected the fetch to fail');
    };
    server.throttleNext(1, 3);
    expect(await failure()).toMatchObject({ kind: 'throttled', status: 429, retryAfterMs: 3000 });
    server.failNext(1, 503);
    expect(await failure()).toMatchObject({ kind: 'unavailable', status: 503 });
    server.malformNext(1);
    const malformed = await failure();
    expect(malformed).toMatchObject({ kind: 'malformed', status: 200 });
    expect(malformed.message).toMatch(
      new RegExp(
        `^GET ${server.url}/metrics/pageviews/aggregate/en\\.wikipedia/all-access/user/daily/2019062400/2019072000: 200 with a body that is not pageviews`,
      ),
    );
    expect((await es.count({ index: indexNames(prefix).pageviews })).count).toBe(before);
  });
});
