import { runCli } from '../support/cli';

/** Scores worked out by hand in test/unit/sentiment.test.ts: "Not good" is 1.9 × -0.74 → -0.3412. */
describe('buzztracker sentiment', () => {
  it('prints one JSON object per input line, a null score with its reason for what cannot be scored', async () => {
    const result = await runCli(['sentiment'], {}, 'Not good\nvery good\nwatching tonight\n\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { score: -0.3412, label: 'negative' },
      { score: 0.4927, label: 'positive' },
      { score: 0, label: 'neutral' },
      { score: null, label: null, reason: 'no text' },
    ]);
  });

  it('scores no other language than English, saying so', async () => {
    const result = await runCli(['sentiment', '--lang', 'fr'], {}, 'très bon\n');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      score: null,
      label: null,
      reason: 'language "fr" is not scored (scored: en)',
    });
  });
});
