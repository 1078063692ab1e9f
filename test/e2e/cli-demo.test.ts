import fs from 'node:fs';
import path from 'node:path';
import { hourStartMs } from '../../domain/days';
import { generateJetstreamSample } from '../../simulator/jetstream';
import { redateShows } from '../../simulator/redate-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { runCli } from '../support/cli';

describe('buzztracker demo (the main job on local defaults, real services)', () => {
  let env: BuzzTestEnv;
  let args: string[];

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    args = [
      'demo',
      '--exit',
      '--days',
      '2',
      '--lines-per-minute',
      '4',
      '--port',
      '0',
      '--dir',
      path.join(env.workDir, 'sample'),
    ];
  });

  afterAll(() => env?.close());

  it('ingests sample days, syncs the sample sheet, prints the buzz and where everything is', async () => {
    const result = await runCli(args, env.env);
    expect(result.stderr).not.toMatch(/failed|Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sample data: writing 2 days from 2019-06-29');
    expect(result.stdout).toMatch(/2019-06-30 │ yes +│/);
    expect(result.stdout).toContain(
      'started: zephyrine-hollow:2, the-marrowdeep-affair:1, quillfeather:3, glimmer-tide:1',
    );
    for (const show of ['Zephyrine Hollow (2)', 'The Marrowdeep Affair (1)', 'Quillfeather (3)', 'Glimmer Tide (1)'])
      expect(result.stdout).toContain(show);
    // Window totals cover the days with data only, and say so: 06-29 and 06-30 (UTC) were ingested.
    const truth = JSON.parse(fs.readFileSync(path.join(env.workDir, 'sample', 'ground-truth.json'), 'utf8')) as {
      buzz: Record<string, Record<string, { tweets: number }>>;
    };
    const total = (key: string) => Object.values(truth.buzz[key]!).reduce((sum, day) => sum + day.tweets, 0);
    expect(result.stdout).toMatch(
      new RegExp(
        `│ Zephyrine Hollow \\(2\\) +│ 2019-07-03 +│ UTC +│ ${total('zephyrine-hollow:2')} tweets over 2 of 36 days +│`,
      ),
    );
    // Los Angeles days of the window start on 07-01: nothing of them was ingested.
    expect(result.stdout).toMatch(
      /│ The Marrowdeep Affair \(1\) +│ 2019-07-05 +│ America\/Los_Angeles +│ 0 tweets over 0 of 31 days +│/,
    );
    // Tokyo's 06-29 and 07-01 straddle an ingested and a missing UTC day.
    expect(result.stdout).toMatch(
      /│ Glimmer Tide \(1\) +│ 2019-07-04 +│ Asia\/Tokyo +│ \d+ tweets over 3 of 36 days \(2 partial\) +│/,
    );
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
    expect(result.stdout).toContain('2019-06-29: skipped, already ingested or being ingested');
    expect(result.stdout).toContain(
      'unchanged: zephyrine-hollow:2, the-marrowdeep-affair:1, quillfeather:3, glimmer-tide:1',
    );
  });
});
