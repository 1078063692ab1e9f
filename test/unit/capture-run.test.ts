import { CaptureRun } from '../../domain/capture-run';

/* A capture run's bookkeeping, frame by frame: where it is, its gaps, what is not stored yet. */

const HOUR_12 = Date.parse('2026-03-10T12:00:00Z') * 1000;
const frame = (timeUs: number) => JSON.stringify({ did: 'did:plc:a', time_us: timeUs, kind: 'identity' });

describe('CaptureRun', () => {
  it('keeps frames by hour of the network clock until stored; storing moves the cursor and names the hours', () => {
    const run = new CaptureRun(undefined, undefined, 60_000_000);
    run.receive(frame(HOUR_12 - 2), true, 0);
    run.receive(frame(HOUR_12 + 5), false, 0);
    run.receive('{"not json', false, 0);
    const parts = run.takePending();
    expect(
      parts.map(({ day, hour, firstUs, lastUs, frames }) => ({ day, hour, firstUs, lastUs, n: frames.length })),
    ).toEqual([
      { day: '2026-03-10', hour: '11', firstUs: HOUR_12 - 2, lastUs: HOUR_12 - 2, n: 1 },
      // A frame without a time belongs to the hour of the frame before it.
      { day: '2026-03-10', hour: '12', firstUs: HOUR_12 + 5, lastUs: HOUR_12 + 5, n: 2 },
    ]);
    expect(run.pendingBytes).toBe(0);
    for (const part of parts) run.stored(part);
    expect(run.progress).toEqual({ cursor: HOUR_12 + 5, hours: ['2026-03-10T11', '2026-03-10T12'], frames: 3 });
    expect(run.firstUs).toBe(HOUR_12 - 2);
  });

  it('records a gap when a connection starts later than the cursor it asked for, beyond the tolerance', () => {
    const run = new CaptureRun(HOUR_12, undefined, 60_000_000);
    expect(run.resumeFrom(5_000_000)).toBe(HOUR_12 - 5_000_000);
    run.receive(frame(HOUR_12 + 30_000_000), true, 0);
    expect(run.gaps).toEqual([]);
    run.receive(frame(HOUR_12 + 200_000_000), true, 0);
    expect(run.gaps).toEqual([{ fromUs: HOUR_12 + 30_000_000, toUs: HOUR_12 + 200_000_000 }]);
  });

  it('resumes from the last heartbeat of a failed attempt', () => {
    const run = new CaptureRun(HOUR_12, { cursor: HOUR_12 + 9, hours: ['2026-03-10T12'], frames: 4 }, 1);
    expect(run.resumeFrom(0)).toBe(HOUR_12 + 9);
    expect(run.progress.frames).toBe(4);
  });

  it('gives up after three connections in a row fail before any frame; a frame resets the count', () => {
    const run = new CaptureRun(undefined, undefined, 1);
    expect([run.connectionFailed('refused', true), run.connectionFailed('refused', true)]).toEqual([false, false]);
    run.receive(frame(HOUR_12), true, 0);
    expect(run.connectionFailed('refused', false)).toBe(false);
    expect([1, 2, 3].map(() => run.connectionFailed('refused', true))).toEqual([false, false, true]);
    expect(run.neverConnected).toBe(false);
    expect(new CaptureRun(undefined, undefined, 1).neverConnected).toBe(false);
  });
});
