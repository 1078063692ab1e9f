import { SampleGenerator } from '../../simulator/generator';
import { classifyLine } from '../../domain/stream-lines';
import { toTweetDoc } from '../../domain/tweet';

/** Classifies generated members line by line, as ingestion does. */
function countMembers(members: { content: string }[]) {
  const counts = { lines: 0, statuses: 0, en: 0, notices: 0, malformed: 0, longEnglish: 0, retweets: 0 };
  for (const { content } of members) {
    const lines = content.split('\n');
    const last = lines.pop()!;
    const all: [string, boolean][] = [...lines.filter((l) => l).map((l): [string, boolean] => [l, true])];
    if (last) all.push([last, false]);
    for (const [line, complete] of all) {
      counts.lines++;
      const parsed = classifyLine(line, complete);
      if (parsed.kind === 'status') {
        counts.statuses++;
        const doc = toTweetDoc(parsed.status);
        if (doc.lang === 'en') counts.en++;
        if (doc.lang === 'en' && [...doc.text].length > 140) counts.longEnglish++;
        if (doc.is_retweet) counts.retweets++;
      } else if (parsed.kind === 'notice') counts.notices++;
      else counts.malformed++;
    }
  }
  return counts;
}

describe('SampleGenerator', () => {
  const generator = new SampleGenerator({ seed: 7, linesPerMinute: 40, hours: [0, 1, 2] });
  const day1 = [...generator.day('2019-07-01')];
  const day2 = [...generator.day('2019-07-02')];

  it('writes one member per minute of the chosen hours, named as the Archive Team did', () => {
    expect(day1).toHaveLength(180);
    expect(day1[0]!.name).toBe('2019/07/01/00/00.json.bz2');
    expect(day1[179]!.name).toBe('2019/07/01/02/59.json.bz2');
  });

  it('has ground truth that agrees with classifying every line', () => {
    const truth = generator.truth.get('2019-07-01')!;
    const counted = countMembers(day1);
    expect(counted.lines).toBe(truth.lines);
    expect(counted.statuses).toBe(truth.statuses);
    expect(counted.en).toBe(truth.statuses_by_lang.en);
    expect(counted.notices).toBe(truth.notices);
    expect(counted.malformed).toBe(truth.malformed);
    expect(Object.values(truth.per_member).reduce((sum, m) => sum + m.lines, 0)).toBe(truth.lines);
  });

  it('mixes what the real stream holds: retweets, long tweets, every kind of line', () => {
    const truth = generator.truth.get('2019-07-01')!;
    const counted = countMembers(day1);
    expect(counted.retweets).toBeGreaterThan(counted.statuses * 0.3);
    expect(counted.longEnglish).toBeGreaterThan(0);
    for (const count of Object.values(truth.malformed_by_reason)) expect(count).toBeGreaterThan(0);
    for (const kind of ['delete', 'limit'] as const) expect(truth.notices_by_kind[kind]).toBeGreaterThan(0);
    expect(Object.keys(truth.statuses_by_lang).length).toBeGreaterThan(8);
  });

  it('deletes statuses of the same day and of earlier days, and records which', () => {
    const day1Truth = generator.truth.get('2019-07-01')!;
    expect(day1Truth.en_deleted_by_notices_of['2019-07-01']).toBeGreaterThan(0);
    expect(day1Truth.en_deleted_by_notices_of['2019-07-02']).toBeGreaterThan(0);
    expect(day2.length).toBe(180);
  });

  it('is deterministic for a seed', () => {
    const again = new SampleGenerator({ seed: 7, linesPerMinute: 40, hours: [0, 1, 2] });
    expect([...again.day('2019-07-01')].map((m) => m.content)).toEqual(day1.map((m) => m.content));
  });
});

describe('SampleGenerator show phrases', () => {
  const generator = new SampleGenerator({ seed: 2, linesPerMinute: 20, hours: [10, 11] });
  const members = ['2019-07-02', '2019-07-03', '2019-07-04'].flatMap((day) => [...generator.day(day)]);
  const buzz = generator.buzzTruth();

  it('plants matching phrases of each show around its launch, retweets included', () => {
    const zephyrine = buzz['zephyrine-hollow:2']!;
    expect(zephyrine['2019-07-03']!.tweets).toBeGreaterThan(20);
    expect(zephyrine['2019-07-03']!.retweets).toBeGreaterThan(0);
    expect(zephyrine['2019-07-03']!.terms).toEqual({ 'Zephyrine Hollow': zephyrine['2019-07-03']!.tweets });
    for (const key of ['the-marrowdeep-affair:1', 'quillfeather:3', 'glimmer-tide:1']) {
      expect(Object.values(buzz[key]!).reduce((sum, day) => sum + day.tweets, 0)).toBeGreaterThan(0);
    }
  });

  it('counts every matching tweet once, with original and retweets adding up', () => {
    for (const byDay of Object.values(buzz)) {
      for (const day of Object.values(byDay)) {
        expect(day.original_tweets + day.retweets).toBe(day.tweets);
        expect(day.unique_authors).toBeLessThanOrEqual(day.tweets);
      }
    }
  });

  it('puts phrases in the generated text as written (accents, punctuation, hashtags)', () => {
    const all = members.map((m) => m.content).join('\n');
    expect(all).toContain('z\\u00e9phyrine hollow');
    expect(all).toContain('#ZephyrineHollow');
    expect(all).toContain('"Glimmer\\" AND (Tide*)'.replace('"Glimmer', '\\"Glimmer'));
  });
});
