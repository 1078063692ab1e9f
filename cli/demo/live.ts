import path from 'node:path';
import type { Client } from '@temporalio/client';
import { openRepositories } from '../../adapters/repositories';
import { captureStatus, startCapture, stopCapture } from '../../client/capture';
import { readHourlyBuzz } from '../../services/read-buzz';
import { JETSTREAM_FILES, writeJetstreamSampleData } from '../../simulator/sample-data';
import type { Config } from '../../config/config';
import { dayOfMs, hourStartMs, HOUR_MS } from '../../domain/days';
import { BuzzError } from '../../domain/errors';
import { parseLanguages } from '../../domain/languages';
import { generateJetstreamSample, type JetstreamTruth } from '../../simulator/jetstream';
import { redateShows } from '../../simulator/redate-shows';
import { startJetstreamServer } from '../../infra/local/jetstream-server';
import { syncSheet } from '../sheet-sync-run';
import { cliTable } from '../tables';

/** Hours of the log before the current one: the capture replays them, then tails the current hour live. */
const PAST_HOURS = 3;
const SEALED_WITHIN_MS = 5 * 60_000;

/** "2026-11-26T21" for the UTC hour starting at `ms`. */
const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);

export interface LiveDemo {
  /** The live shows (the sample shows' next seasons). */
  showKeys: string[];
  /** Stops the capture (it seals the current hour, partial) and the local server. */
  stop(): Promise<void>;
}

/**
 * The demo's live part: the sample shows' next seasons launch today on a local Jetstream server
 * (the public hosts cannot be reached from here) serving a generated log of the last three hours
 * and of the current one, released as the clock passes each event. The capture replays the
 * past hours from a cursor, seals them, and goes on tailing; their hourly buzz is printed next to
 * the log's ground truth. Undefined when a capture already runs in the namespace (left alone).
 */
export async function startLiveDemo(client: Client, config: Config, dir: string): Promise<LiveDemo | undefined> {
  const currentHourMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const fromHour = hourOf(currentHourMs - PAST_HOURS * HOUR_MS);
  const out = path.join(dir, 'live');
  console.log(`\nlive: a Jetstream log from ${fromHour}:00 to the end of this hour (UTC), in ${out}`);
  const generator = { fromHour, postsPerMinute: 30, seed: 2, launch: dayOfMs(Date.now()), nextSeason: true };
  const { sample } = await writeJetstreamSampleData({ out, hours: PAST_HOURS + 1, ...generator });
  // The truth as of the end of the past hours: the log's later deletes have not happened yet.
  // The generator is deterministic and goes minute by minute, so that is the truth of the log's first hours.
  const { truth: pastTruth } = generateJetstreamSample({
    ...generator,
    hours: PAST_HOURS,
    shows: redateShows(generator.launch, undefined, { nextSeason: true }),
  });
  const server = await startJetstreamServer({ log: sample.frames, now: () => Date.now() * 1000 });
  try {
    await syncSheet(client, config, `file:${path.join(out, JETSTREAM_FILES.sheet)}`, true);
    await startCapture(client, config.temporal.namespace, config.temporal.taskQueue, {
      url: server.url,
      languages: parseLanguages('en'),
      cursor: hourStartMs(fromHour) * 1000,
      // The local server sends in time order: an hour is whole once the stream is past it.
      options: { runSeconds: 10, sealGraceSeconds: 0 },
    });
  } catch (error) {
    await server.close();
    if (error instanceof BuzzError && error.code === 'bad_input') {
      console.log(`live: skipped, ${error.message}`);
      return undefined;
    }
    throw error;
  }
  console.log(`live: capturing ${server.url} from ${fromHour}:00 (\`buzztracker capture status\`)`);
  await sealedPastHours(client);
  await printHourlyBuzz(config, pastTruth, currentHourMs);
  return {
    showKeys: Object.keys(sample.truth.buzz_by_hour),
    async stop() {
      try {
        const final = await stopCapture(client);
        console.log(`live: capture stopped; ${final.hoursSealed} hours sealed (the current one partial)`);
      } finally {
        await server.close();
      }
    },
  };
}

async function sealedPastHours(client: Client): Promise<void> {
  const deadline = Date.now() + SEALED_WITHIN_MS;
  let said = -1;
  for (;;) {
    const status = await captureStatus(client);
    if (status.hoursSealed !== said) console.log(`live: ${status.hoursSealed} of ${PAST_HOURS} past hours sealed`);
    said = status.hoursSealed;
    if (status.hoursSealed >= PAST_HOURS) return;
    if (status.lastError) throw new Error(`the demo's capture failed: ${status.lastError.message}`);
    if (Date.now() > deadline)
      throw new Error(`the demo's capture sealed ${status.hoursSealed} of ${PAST_HOURS} hours in 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** Each live show's Bluesky tweets in the sealed hours, and what the log planted in them (net of their deletes). */
async function printHourlyBuzz(config: Config, truth: JetstreamTruth, currentHourMs: number): Promise<void> {
  const { repos, close } = openRepositories(config.elasticsearch);
  try {
    const shows = await repos.shows.all();
    const hours = Array.from({ length: PAST_HOURS }, (_, i) => hourOf(currentHourMs - (PAST_HOURS - i) * HOUR_MS));
    const table = cliTable(['show', ...hours.map((hour) => `${hour.slice(11)}:00 UTC`), 'ground truth']);
    for (const [showKey, planted] of Object.entries(truth.buzz_by_hour)) {
      const show = shows.find((s) => s.show_key === showKey);
      if (!show) continue;
      const rows = await readHourlyBuzz(repos, show.config, PAST_HOURS, currentHourMs - HOUR_MS);
      const bluesky = rows.filter((row) => row.source === 'bluesky');
      table.push([
        `${show.show_name} (${show.season})`,
        ...bluesky.map((row) => row.tweets ?? '—'),
        hours.map((hour) => planted[hour]?.tweets ?? 0).join(' / '),
      ]);
    }
    console.log("live: Bluesky tweets per hour, captured and sealed (`buzz --hourly`, the dashboard's Live view)");
    console.log(table.toString());
  } finally {
    await close();
  }
}
