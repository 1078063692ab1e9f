/** What a progress bar shows of ingestion (cli/follow.ts). */
export interface Snapshot {
  daysDone: number;
  daysTotal: number;
  groupsDone: number;
  groupsTotal: number;
  lines: number;
  kept: number;
}
