import path from 'node:path';
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
