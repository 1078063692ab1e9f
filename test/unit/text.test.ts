import { normalizeTag, normalizeText, words } from '../../domain/text';

describe('normalizeText (the matching normalization of SPEC "Matching rules")', () => {
  it.each([
    ['ZEPHYRINE HOLLOW!', 'zephyrine hollow'],
    ["zéphyrine hollow's finale", 'zephyrine hollow finale'],
    ['Zephyrine Hollow’s cast', 'zephyrine hollow cast'],
    ['#Zephyrine tonight', 'zephyrine tonight'],
    ['#ZephyrineHollow', 'zephyrinehollow'],
    ['@zephyrine_hollow wow', 'zephyrine hollow wow'],
    ['"Quoted" (brackets) AND *stars*', 'quoted brackets and stars'],
    ['Ｆｕｌｌ ｗｉｄｔｈ', 'full width'],
    ['naïve café — déjà vu…', 'naive cafe deja vu'],
    ['  spaces\tand\nnewlines  ', 'spaces and newlines'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('keeps letters of other scripts', () => {
    expect(words('今日はドラマ 정말 좋아')).toEqual(['今日はドラマ', '정말', '좋아']);
  });

  it('drops only a possessive s, not a word ending in s', () => {
    expect(normalizeText("the boss's office, the bosses' offices, it's")).toBe('the boss office the bosses offices it');
  });
});

describe('normalizeTag', () => {
  it.each([
    ['#Zéphyrine', 'zephyrine'],
    ['ZephyrineHollow', 'zephyrinehollow'],
    ['@Some_User', 'someuser'],
    ['＃ＢＴＳ', 'bts'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeTag(input)).toBe(expected);
  });
});
