import fs from 'node:fs';
import path from 'node:path';
import { addDays, daysBetween, hourStartMs } from '../../domain/days';
import { thousands } from '../../domain/estimates';
import { parseSheetRows } from '../../domain/show-config';
import { parseArticle, type WikiArticle } from '../../domain/wikipedia-articles';
import { articleViews } from '../../simulator/pageviews';
import { samplePageviews } from '../../simulator/sample-data';
import { SAMPLE_SHOWS } from '../../simulator/shows';
import { generateJetstreamSample } from '../../simulator/jetstream';
import { redateShows } from '../../simulator/redate-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { runCli } from '../support/cli';

describe('buzztracker demo (the main job on local defaults, real services)', () => {
  let env: BuzzTestEnv;
  let args: string[];

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    args = ['demo', '--exit', '--lines-per-minute', '2', '--port', '0', '--dir', path.join(env.workDir, 'sample')];
  });

  afterAll(() => env?.close());

  it('prints its results, not its logs: the stack, the ingested days, buzz, the leaderboard, alerts and the live hours', async () => {
    const started = Date.now();
    const result = await runCli(args, env.env);
    const elapsedMs = Date.now() - started;
    expect(result.stderr).not.toMatch(/failed|Error/);
    expect(result.code).toBe(0);
    // The results read in one screenful or two; the worker's log lines are in its file. Progress
    // bars (off a terminal, a line every 5 s: a phase's bar, or the backfill's followed by a blank
    // line) come on top, as many as the run is long, never a flood.
    const lines = `${result.stdout}${result.stderr}`.split('\n');
    const isProgress = (line: string | undefined) => /^(.{12} )?[=-]{24,40} /.test(line ?? '');
    const progress = lines.filter((line) => isProgress(line));
    const results = lines.filter((line, i) => !isProgress(line) && !(line === '' && isProgress(lines[i - 1])));
    expect(results.length).toBeLessThanOrEqual(120);
    expect(progress.length).toBeGreaterThan(0);
    // Three bars (the stack, the sample data, the backfill), each with its first and last line.
    expect(progress.length).toBeLessThanOrEqual(6 + elapsedMs / 5_000);
    const logFile = /logs: worker (\S+),/.exec(result.stdout)?.[1];
    expect(fs.readFileSync(path.resolve(logFile!), 'utf8')).toContain(`"namespace":"${env.config.temporal.namespace}"`);
    expect(result.stdout).not.toContain('sdkComponent');

    expect(result.stdout).toContain('sample data: writing 15 days from 2019-06-28 to 2019-07-12');
    expect(result.stdout).toMatch(/2019-07-11 │ yes +│/);
    // The last day holds twelve hours: partial, and said so.
    expect(result.stdout).toMatch(/2019-07-12 │ no +│/);
    expect(result.stdout).toContain(
      'started: zephyrine-hollow:2, the-marrowdeep-affair:1, quillfeather:3, glimmer-tide:1',
    );

    // Every sample show's launch week was ingested whole: all four are ranked, by the planted tweets.
    const truth = JSON.parse(fs.readFileSync(path.join(env.workDir, 'sample', 'ground-truth.json'), 'utf8')) as {
      buzz: Record<string, Record<string, { tweets: number }>>;
    };
    const shows = [
      ['zephyrine-hollow:2', 'Zephyrine Hollow (2)', '2019-07-03'],
      ['the-marrowdeep-affair:1', 'The Marrowdeep Affair (1)', '2019-07-05'],
      ['quillfeather:3', 'Quillfeather (3)', '2019-07-02'],
      ['glimmer-tide:1', 'Glimmer Tide (1)', '2019-07-04'],
    ] as const;
    const launchWeek = (key: string, launch: string) =>
      Array.from({ length: 7 }, (_, i) => truth.buzz[key]![addDays(launch, i)]?.tweets ?? 0).reduce((a, b) => a + b);
    const ranked = shows
      .map(([key, name, launch]) => ({ name, launch, tweets: launchWeek(key, launch) }))
      .sort((a, b) => b.tweets - a.tweets);
    // Ranked by the estimate of all tweets (100 per sampled tweet); a show that noise cannot tell
    // from the one above shares its rank (≈).
    for (const [rank, show] of ranked.entries())
      expect(result.stdout).toMatch(
        new RegExp(
          `│ (${rank + 1}|≈[1-${Math.max(rank, 1)}]) +│ ${show.name.replace(/[()]/g, '\\$&')} +│ ${show.launch} │ ${show.tweets} +│ ${(show.tweets * 100).toLocaleString('en-US')} \\(.*│ 7 of 7 │`,
        ),
      );
    // Each show's Wikipedia pageviews over its window, from the local Wikimedia stand-in: the generated truth.
    const pageviews = samplePageviews(1);
    for (const show of SAMPLE_SHOWS) {
      const config = parseSheetRows([show.row], Object.keys(show.row)).shows[0]!;
      const days = daysBetween(config.window_start, config.window_end);
      const total = show.articles
        .map((a) => parseArticle(a.name) as WikiArticle)
        .reduce((sum, a) => sum + articleViews(pageviews, a.project, a.title, days[0]!, days.at(-1)!), 0);
      expect(result.stdout).toContain(`${thousands(total)} over ${days.length} of ${days.length} days`);
    }

    // The launch curves raise spike alerts, recorded but not sent (no webhook in the demo).
    expect(result.stdout).toMatch(/alerts: spike days/);
    expect(result.stdout).toMatch(/│ not_sent │ no webhook configured/);
    // The articles' launch peaks too, once their views are in: the demo lists alerts after that.
    expect(result.stdout).toMatch(/│ [\d,]+ Wikipedia pageviews +│ .*│ not_sent │/);

    // The live part: the next seasons, captured from a local Jetstream server. Its ground truth is
    // that of the log's three past hours (net of their deletes; the current hour's come later).
    const { generator } = JSON.parse(
      fs.readFileSync(path.join(env.workDir, 'sample', 'live', 'jetstream-truth.json'), 'utf8'),
    ) as { generator: { from_hour: string; seed: number; posts_per_minute: number; launch: string } };
    const { truth: live } = generateJetstreamSample({
      fromHour: generator.from_hour,
      hours: 3,
      postsPerMinute: generator.posts_per_minute,
      seed: generator.seed,
      shows: redateShows(generator.launch, undefined, { nextSeason: true }),
    });
    const pastHours = [0, 1, 2].map((i) =>
      new Date(hourStartMs(generator.from_hour) + i * 3_600_000).toISOString().slice(0, 13),
    );
    expect(result.stdout).toContain(
      'started: zephyrine-hollow:3, the-marrowdeep-affair:2, quillfeather:4, glimmer-tide:2',
    );
    expect(result.stdout).toContain('live: 3 of 3 past hours sealed');
    let planted = 0;
    for (const [key, name] of [
      ['zephyrine-hollow:3', 'Zephyrine Hollow (3)'],
      ['the-marrowdeep-affair:2', 'The Marrowdeep Affair (2)'],
      ['quillfeather:4', 'Quillfeather (4)'],
      ['glimmer-tide:2', 'Glimmer Tide (2)'],
    ] as const) {
      const counts = pastHours.map((hour) => live.buzz_by_hour[key]?.[hour]?.tweets ?? 0);
      planted += counts.reduce((a, b) => a + b, 0);
      expect(result.stdout).toMatch(
        new RegExp(`│ ${name.replace(/[()]/g, '\\$&')} +│ ${counts.join(' +│ ')} +│ ${counts.join(' / ')} +│`),
      );
    }
    expect(planted).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/live: capture stopped; \d+ hours sealed/);
    expect(result.stdout).toMatch(/Dashboard and API: http:\/\/localhost:\d+\//);
    expect(result.stdout).toContain(
      `Temporal Web UI:   http://localhost:8233/namespaces/${env.config.temporal.namespace}/workflows`,
    );
  });

  it('a second run reuses what exists', async () => {
    const result = await runCli(args, env.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sample data: reusing');
    expect(result.stdout).toContain('2019-06-28: skipped, already ingested or being ingested');
    expect(result.stdout).toContain(
      'unchanged: zephyrine-hollow:2, the-marrowdeep-affair:1, quillfeather:3, glimmer-tide:1',
    );
  });
});
