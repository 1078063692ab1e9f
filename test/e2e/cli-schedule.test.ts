import fs from 'node:fs';
import path from 'node:path';
import { writeSampleData } from '../../simulator/sample-data';
import { addDays, dayOfMs } from '../../domain/days';
import { SAMPLE_SHOWS, sampleSheetCsv } from '../../simulator/shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { runCli } from '../support/cli';

describe('buzztracker schedule create | describe | trigger | pause (CLI, real Temporal Schedules)', () => {
  let env: BuzzTestEnv;
  let archives: string;
  // The daily run ingests the day two days before it runs: that day's archive is what we write.
  const day = addDays(dayOfMs(Date.now()), -2);
  let enStatuses: number;

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: day,
      days: 1,
      linesPerMinute: 4,
      seed: 6,
      format: 'tar',
      hours: [0, 1],
    });
    enStatuses = written.days[day]!.statuses_by_lang.en!;
    const show = {
      ...SAMPLE_SHOWS[0]!,
      row: { ...SAMPLE_SHOWS[0]!.row, show_name: 'Current Show', season: '1', launch_date: day },
    };
    fs.writeFileSync(path.join(archives, 'current.csv'), sampleSheetCsv([show]));
    await env.startWorker({ maxActivities: 8 });
    expect(
      (await runCli(['shows', 'sync', '--sheet', `file:${path.join(archives, 'current.csv')}`, '--wait'], env.env))
        .code,
    ).toBe(0);
  });

  afterAll(() => env?.close());

  it('creates the schedule, and a second create updates it', async () => {
    const created = await runCli(
      ['schedule', 'create', '--source', `dir:${archives}`, '--sheet', `file:${path.join(archives, 'current.csv')}`],
      env.env,
    );
    expect(created.stdout).toBe('buzz-daily-run: created\nbuzz-sheet-sync: created\n');
    const updated = await runCli(['schedule', 'create', '--source', `dir:${archives}`, '--at', '07:30'], env.env);
    expect(updated.stdout).toBe('buzz-daily-run: updated\n');
    const described = await runCli(['schedule', 'describe'], env.env);
    expect(described.code).toBe(0);
    expect(described.stdout).toContain('buzz-daily-run — active');
    expect(described.stdout).toContain('overlap BUFFER_ONE, catch-up window 72 h');
    expect(described.stdout).toMatch(/next runs: \d{4}-\d\d-\d\dT07:30:00\.000Z/);
    expect(described.stdout).toContain('buzz-sheet-sync — active');
  });

  it('a triggered run ingests the newest complete day and refreshes the shows covering it', async () => {
    const triggered = Date.now();
    const result = await runCli(['schedule', 'trigger', '--wait'], env.env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.split('\n')[1]!)).toEqual({
      day,
      status: 'ingested',
      kept: enStatuses,
      complete: false,
      // Then the pageviews up to the day before the run: the show lists no Wikipedia article.
      pageviews: {
        through: addDays(dayOfMs(triggered), -1),
        requests: 0,
        fetched: 0,
        notFound: [],
        failed: 0,
        notified: [],
      },
    });

    const deadline = Date.now() + 60_000;
    for (;;) {
      const doc = (await env.repos.dailyBuzz.ofShow('current-show:1')).find((d) => d.date === day);
      if (doc && Date.parse(doc.computed_at) > triggered) {
        expect(doc.statuses_in_sample).toBe(enStatuses);
        break;
      }
      if (Date.now() > deadline) throw new Error('the show was not refreshed after the run');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  });

  it('pauses and resumes the daily run', async () => {
    expect((await runCli(['schedule', 'pause', '--note', 'maintenance'], env.env)).stdout).toBe(
      'buzz-daily-run paused\n',
    );
    expect((await runCli(['schedule', 'describe'], env.env)).stdout).toContain('buzz-daily-run — PAUSED (maintenance)');
    expect((await runCli(['schedule', 'pause', '--unpause'], env.env)).stdout).toBe('buzz-daily-run resumed\n');
    expect((await runCli(['schedule', 'describe'], env.env)).stdout).toContain('buzz-daily-run — active');
  });
});
