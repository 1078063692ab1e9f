import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { showsTaskQueue } from '../contracts/shows';

/**
 * Timeouts and retries per kind of work. Group work heartbeats, so a worker that dies is noticed
 * within the heartbeat timeout and the group moves to another worker; Elasticsearch outages are
 * ridden out by indexing retries (about 25 minutes in all).
 */
const QUICK = {
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2s', maximumInterval: '1 minute', maximumAttempts: 10 },
} as const;

export const quick = proxyActivities<Activities>(QUICK);

/** Show computations, as `quick`, on the shows task queue (contracts/shows.ts). */
export function showWork() {
  return proxyActivities<Activities>({ ...QUICK, taskQueue: showsTaskQueue(workflowInfo().taskQueue) });
}

export const groupWork = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  // Group work heartbeats after every member (about a second of work on real data).
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 },
});

export const indexing = proxyActivities<Activities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
});

/**
 * The live capture holds a socket for a run and heartbeats its cursor at every flush; a worker
 * that dies is noticed after a few missed flushes. A run retries a few times; then the capture
 * workflow records the error and starts another run (or stops, when asked) after a pause.
 */
export function capturing(run: { runSeconds: number; flushSeconds: number }) {
  return proxyActivities<Activities>({
    startToCloseTimeout: `${2 * run.runSeconds + 60} seconds`,
    heartbeatTimeout: `${Math.max(10, 4 * run.flushSeconds)} seconds`,
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
  });
}

/**
 * Sending a spike alert: an attempt gets no answer within the webhook's 10 s timeout or fails; the
 * next follows with backoff (5 s, 10 s, … at most 5 minutes apart) for a day, then the alert is
 * given up on. A worker that dies during an attempt is noticed at the attempt's timeout.
 */
export const delivering = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
