import { SingleBar } from 'cli-progress';

/** A bar for one phase of a long command. */
export interface PhaseBar {
  /** Where the phase is; a total learnt on the way replaces the first. */
  update(done: number, detail?: string, total?: number): void;
  /** Leaves the bar at its last state, on a line of its own. */
  stop(): void;
}

/**
 * One progress bar for a phase: updated in place on a terminal, one line every few seconds
 * otherwise (a CI log), so a long phase never looks stuck and never floods the output.
 */
export function phaseBar(phase: string, total: number): PhaseBar {
  const bar = new SingleBar({
    format: `${phase.padEnd(12)} {bar} {value}/{total} {detail}`,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
    hideCursor: true,
    barsize: 24,
  });
  bar.start(total, 0, { detail: '' });
  return {
    update: (done, detail = '', newTotal) => {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(done, { detail });
    },
    stop: () => bar.stop(),
  };
}
