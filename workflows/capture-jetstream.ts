import { ActivityFailure, condition, continueAsNew, log, setHandler } from '@temporalio/workflow';
import { rootFailure } from '../domain/errors';
import type { CaptureResult } from '../contracts/capture';
import { hourBoundsUs } from '../domain/live-keys';
import { capturing, indexing, quick } from './activity-options';
import { captureStatusQuery, resealHoursSignal, stopCaptureSignal, type CaptureState } from '../contracts/capture';
import type { LiveHourSealed } from '../contracts/capture';

/** How long the capture waits after a failed run (its retries spent) before the next. */
const RETRY_PAUSE = '30 seconds';

/** Runs between continue-as-new: each adds a few events to the history. */
const RUNS_PER_EXECUTION = 50;

/**
 * The live Bluesky capture, one per namespace (`capture-jetstream`): capture runs hold the
 * Jetstream socket and store events by hour (activities/capture-jetstream.ts); between runs, every
 * hour the stream has moved past (plus a grace period) is sealed — preprocessed, indexed, counted
 * (activities/seal-live-hour.ts) — and the shows covering it told, so buzz refreshes hourly. The
 * cursor lives in the workflow's state, carried over continue-as-new: a killed worker's run is
 * retried from its last heartbeat, a stopped capture resumes from where it stopped.
 */
export async function captureJetstream(state: CaptureState): Promise<CaptureState> {
  setHandler(stopCaptureSignal, () => {
    state.stopping = true;
  });
  setHandler(resealHoursSignal, (hours) => {
    const again = (state.failedHours ?? []).filter((failed) => hours.includes(failed.hour)).map((f) => f.hour);
    state.failedHours = (state.failedHours ?? []).filter((failed) => !again.includes(failed.hour));
    state.openHours = [...new Set([...state.openHours, ...again])].sort();
  });
  setHandler(captureStatusQuery, () => {
    const { options: _options, ...status } = state;
    const lagSeconds = state.cursor === undefined ? undefined : Math.max(0, (Date.now() * 1000 - state.cursor) / 1e6);
    const eventsPerSecond =
      state.lastRun && state.lastRun.seconds > 0 ? state.lastRun.frames / state.lastRun.seconds : undefined;
    return { ...status, lagSeconds, eventsPerSecond };
  });

  // Sealing an hour writes tweet documents: their monthly indices take the template's mappings.
  await quick.ensureIngestIndices();
  for (let run = 0; run < RUNS_PER_EXECUTION && !state.stopping; run++) {
    let result: CaptureResult;
    try {
      result = await capturing(state.options).captureJetstream({
        url: state.url,
        cursor: state.cursor,
        maxSeconds: state.options.runSeconds,
        flushSeconds: state.options.flushSeconds,
        overlapUs: state.options.overlapSeconds * 1e6,
        gapToleranceUs: state.options.gapToleranceSeconds * 1e6,
      });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // The host down, the store down: keep the cursor, say why, try again (a stop ends the wait).
      state.lastError = { at: new Date().toISOString(), message: rootFailure(error).message };
      log.warn('a capture run failed; trying again', { error: state.lastError.message });
      await condition(() => state.stopping === true, RETRY_PAUSE);
      continue;
    }
    state.lastError = undefined;
    state.cursor = result.cursor ?? state.cursor;
    state.coveredFromUs ??= result.firstUs;
    state.gaps.push(...result.gaps);
    state.openHours = [...new Set([...state.openHours, ...result.hours])].sort();
    state.framesTotal += result.frames;
    state.lastRun = {
      frames: result.frames,
      seconds: result.seconds,
      reconnects: result.reconnects,
      endedAt: new Date().toISOString(),
    };
    await sealHours(state, false);
  }
  if (state.stopping) {
    await sealHours(state, true);
    log.info('capture stopped', { cursor: state.cursor, hoursSealed: state.hoursSealed });
    return state;
  }
  // A stop signalled now is delivered to the next execution, which ends at its first check.
  return continueAsNew<typeof captureJetstream>({ ...state });
}

/** Seals the open hours the stream has moved past (all of them when the capture stops). */
async function sealHours(state: CaptureState, all: boolean): Promise<void> {
  const position = state.cursor ?? 0;
  for (const key of [...state.openHours]) {
    const { startUs, endUs } = hourBoundsUs(key);
    const past = endUs + state.options.sealGraceSeconds * 1e6 <= position;
    if (!past && !all) continue;
    const complete =
      past &&
      state.coveredFromUs !== undefined &&
      state.coveredFromUs <= startUs &&
      !state.gaps.some((gap) => gap.fromUs < endUs && gap.toUs > startUs);
    const [day, hour] = key.split('T') as [string, string];
    state.openHours = state.openHours.filter((open) => open !== key);
    let sealed: LiveHourSealed;
    try {
      sealed = await indexing.sealLiveHour({ day, hour, languages: state.languages, complete });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      log.error('could not seal the hour; its events stay stored', { hour: key, error: String(error.cause) });
      state.failedHours = [...(state.failedHours ?? []), { hour: key, error: String(error.cause ?? error) }];
      continue;
    }
    state.hoursSealed++;
    state.lastSealed = key;
    try {
      await quick.notifyShows({ days: [...new Set([day, ...sealed.affectedDays])].sort() });
    } catch (error) {
      log.warn('could not notify the shows covering the hour', { hour: key, error: String(error) });
    }
  }
}
