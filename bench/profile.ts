import fs from 'node:fs';
import path from 'node:path';

/** The parts of a V8 CPU profile (`node --cpu-prof`) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  function: string;
  /** Share of the busy time of every thread profiled, in percent. */
  percent: number;
}

/** Samples that are no work: an idle event loop, a pool thread waiting for its next task. */
const WAITING = new Set(['(idle)', 'atomicsWaitLoop']);

function label(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/dist\//, '');
  const where = file.startsWith('wasm://') ? 'wasm' : file;
  const name = frame.functionName || '(anonymous)';
  return where ? `${name} ${where}` : name;
}

/**
 * The functions with the most self time over every thread's profile in `dir` (a worker's main
 * thread and its member threads), as shares of their busy time. Sampled wall time: on a busy
 * machine a descheduled thread still counts, so shares, not seconds, are the evidence.
 */
export function topOfProfiles(dir: string, count = 12): { busy_seconds: number; top: ProfileEntry[] } {
  const self = new Map<string, number>();
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const labels = new Map(profile.nodes.map((node) => [node.id, label(node.callFrame)]));
    profile.samples.forEach((id, i) => {
      const name = labels.get(id)!;
      if (!WAITING.has(name.split(' ')[0]!)) self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
  }
  const busy = [...self.values()].reduce((sum, us) => sum + us, 0);
  return {
    busy_seconds: Math.round(busy / 1e5) / 10,
    top: [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, us]) => ({ function: name, percent: Math.round((1000 * us) / busy) / 10 })),
  };
}
