import { explanationText } from '../../cli/commands/explain';
import { leaderboardTable } from '../../cli/tables';
import { NOTHING_STANDS_OUT, type Explanation } from '../../domain/explain';
import { estimatePopulation, estimateText } from '../../domain/estimates';
import { leaderboard, parseWindow } from '../../domain/leaderboard';
import { launchWeek } from '../../simulator/populations';

/** What the CLI prints of organic buzz: the leaderboard's organic columns and explain's floods and owned posts. */
describe('organic buzz in the CLI', () => {
  it('ranks by organic tweets with their estimate and what was set apart', () => {
    const window = launchWeek('a', [10, 10, 10, 10, 10, 10, 10]);
    window.days = window.days.map(
      (day) => ({ ...day, owned: 1, flood: 2, burst: 0, organic_tweets: 7, sampled_organic_tweets: 7 }) as typeof day,
    );
    const rows = leaderboard([window], parseWindow('0..6'), 'organic_tweets');
    const lines = leaderboardTable(rows, 'organic_tweets').split('\n');
    expect(lines[1]).toMatch(
      /rank\s*│\s*show\s*│\s*launch\s*│\s*organic tweets\s*│\s*all organic, est\. \(95%\)\s*│\s*owned\s*│\s*flood\s*│\s*burst\s*│\s*tweets\s*│\s*days/,
    );
    const { est, low, high } = estimatePopulation([{ n: 49, rate: 0.01 }]);
    const row = lines.find((line) => line.includes('A (1)'))!;
    expect(row.split('│').map((cell) => cell.trim())).toEqual([
      '',
      '1',
      'A (1)',
      '2024-01-10',
      '49',
      estimateText(est, low, high),
      '7',
      '14',
      '0',
      '70',
      '7 of 7',
      '',
    ]);
  });

  it("lists the day's floods, their accounts counted past three, and the official accounts' posts", () => {
    const result: Explanation = {
      show_key: 'a:1',
      date: '2024-01-10',
      tweets: 600,
      sample: 90_000,
      ...NOTHING_STANDS_OUT,
      floods: [{ posts: 500, accounts: ['g_0', 'g_1', 'g_2', 'g_3', 'g_4'], example: 'RT to win', first_id: 'f-0' }],
      owned: 12,
      owned_posts: [{ id: 'o-1', text: 'New clip', user_screen_name: 'ShowTV', created_at: '2024-01-10T10:00:00Z' }],
    };
    const text = explanationText(result, 'A (1)');
    expect(text).toMatch(/│\s*500\s*│\s*5: @g_0, @g_1, @g_2 \+2 more\s*│\s*RT to win\s*│/);
    expect(text).toMatch(/│\s*10:00\s*│\s*@ShowTV\s*│\s*New clip\s*│/);
    expect(text).toContain('… and 11 more owned posts');
    const none = explanationText({ ...result, floods: [], owned: 0, owned_posts: [] }, 'A (1)');
    expect(none).toContain('floods: no copy-paste flood that day');
    expect(none).toContain("owned: no post by the show's official accounts that day");
  });
});
