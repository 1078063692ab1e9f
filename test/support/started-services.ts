// Global setup and teardown run in jest's main process, once per project that has tests to run:
// this set lives on globalThis so that teardown sees every service any setup started.
const key = Symbol.for('buzztracker.startedByTests');
type Holder = { [key]?: Set<string> };
const holder = globalThis as Holder;

export const startedByTests = {
  add(names: string[]): void {
    const set = (holder[key] ??= new Set());
    for (const name of names) set.add(name);
  },
  take(): string[] {
    const names = [...(holder[key] ?? [])];
    holder[key] = new Set();
    return names;
  },
};
