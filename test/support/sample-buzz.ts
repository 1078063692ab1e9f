import path from 'node:path';
import type { Day } from '../../domain/days';
import type { BuzzTestEnv } from './buzz-env';
import { runCli } from './cli';

/**
 * Syncs the sample sheet written beside the archives (a worker must be running), then reads one
 * show's tweets, retweets and unique authors of a day, to compare with the generator's truth.
 */
export async function sampleShowBuzz(
  env: BuzzTestEnv,
  archives: string,
  showKey: string,
  day: Day,
): Promise<{ synced: number; counts: (number | undefined)[] }> {
  const synced = (
    await runCli(['shows', 'sync', '--sheet', `file:${path.join(archives, 'shows.csv')}`, '--wait'], env.env)
  ).code;
  const measured = (await env.repos.dailyBuzz.ofShow(showKey)).find((d) => d.date === day);
  return { synced, counts: [measured?.tweets, measured?.retweets, measured?.unique_authors] };
}
