import { apiTitle, articleLabel, encodeTitle, parseArticles } from '../../domain/wikipedia-articles';
import { parseSheetRows } from '../../domain/show-config';

/** The articles of a cell, and the reasons given for its bad entries. */
function parse(cell: string) {
  const reasons: string[] = [];
  return { articles: parseArticles(cell, (reason) => reasons.push(reason)), reasons };
}

describe('wikipedia_articles', () => {
  it('reads a prefixed title, a bare (English) title and an address, in the API form', () => {
    expect(
      parse(
        'en:Succession (season 2) | The Marrowdeep Affair\nhttps://de.wikipedia.org/wiki/Babylon_Berlin#Staffel_4 | https://fr.m.wikipedia.org/wiki/Z%C3%A9phyrine_Hollow',
      ),
    ).toEqual({
      articles: [
        { project: 'en.wikipedia', title: 'Succession_(season_2)' },
        { project: 'en.wikipedia', title: 'The_Marrowdeep_Affair' },
        { project: 'de.wikipedia', title: 'Babylon_Berlin' },
        { project: 'fr.wikipedia', title: 'Zéphyrine_Hollow' },
      ],
      reasons: [],
    });
  });

  it('keeps commas and colons of titles, upper-cases the first letter, and lists an article once', () => {
    expect(
      parse('Washington, D.C. | Star Trek: Discovery | zh-yue:abc | simple:ünïcode  title | en:Washington,_D.C.'),
    ).toEqual({
      articles: [
        { project: 'en.wikipedia', title: 'Washington,_D.C.' },
        { project: 'en.wikipedia', title: 'Star_Trek:_Discovery' },
        { project: 'zh-yue.wikipedia', title: 'Abc' },
        { project: 'simple.wikipedia', title: 'Ünïcode_title' },
      ],
      reasons: [],
    });
  });

  it('names each bad entry: a bad language code, an empty title, another site, a forbidden character', () => {
    expect(
      parse(
        'English:Foo | en: | https://example.com/wiki/Foo | https://en.wikipedia.org/w/index.php?title=Foo | Foo#Bar | en:A{b}',
      ).reasons,
    ).toEqual([
      '"English:Foo": "English" is not a Wikipedia language code (en, de, pt, zh-yue, simple, …)',
      '"en:" has an empty title',
      '"https://example.com/wiki/Foo" is not a Wikipedia article\'s address (https://<language>.wikipedia.org/wiki/<title>)',
      '"https://en.wikipedia.org/w/index.php?title=Foo" has no article title after /wiki/',
      '"Foo#Bar": a title cannot hold # < > [ ] { } or |',
      '"en:A{b}": a title cannot hold # < > [ ] { } or |',
    ]);
  });

  it('encodes titles for a request path and names them for people', () => {
    expect(apiTitle('  the   Office _(US) ')).toBe('The_Office_(US)');
    expect(encodeTitle('AC/DC_?_Zéphyrine')).toBe('AC%2FDC_%3F_Z%C3%A9phyrine');
    expect(articleLabel({ project: 'de.wikipedia', title: 'Babylon_Berlin' })).toBe('de:Babylon Berlin');
  });

  it('is a sheet column: validated with the row named, absent from shows without articles', () => {
    const base = {
      show_name: 'Glimmer Tide',
      season: '1',
      launch_date: '2019-07-01',
      mandatory_search_terms: 'Glimmer',
    };
    const headers = [...Object.keys(base), 'wikipedia_articles'];
    const { shows, errors } = parseSheetRows(
      [
        { ...base, wikipedia_articles: 'en:Glimmer Tide | de:Glimmer Tide' },
        { ...base, season: '2', wikipedia_articles: '' },
        { ...base, season: '3', wikipedia_articles: 'xx1:Glimmer' },
      ],
      headers,
    );
    expect(shows.map((show) => show.wikipedia_articles)).toEqual([
      [
        { project: 'en.wikipedia', title: 'Glimmer_Tide' },
        { project: 'de.wikipedia', title: 'Glimmer_Tide' },
      ],
      undefined,
    ]);
    expect(errors).toEqual([
      {
        row: 4,
        column: 'wikipedia_articles',
        reason: '"xx1:Glimmer": "xx1" is not a Wikipedia language code (en, de, pt, zh-yue, simple, …)',
        show_name: 'Glimmer Tide',
      },
    ]);
  });
});
