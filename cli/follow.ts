import { MultiBar, type SingleBar } from 'cli-progress';
import { defaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Config } from '../config/config';
import { BuzzError, rootFailure, shortFailure } from '../domain/errors';
import type { Snapshot } from './progress';
import { workflowLink } from '../contracts/workflow-ids';

/**
 * A workflow the command followed failed: its innermost reason and that failure's code (as the
 * activity or workflow reported it), with the workflow's id and where to see it in the Temporal
 * Web UI (cli/present-error.ts prints them).
 */
export class WorkflowRunFailed extends Error {
  readonly reasonCode: string;

  constructor(
    readonly workflowId: string,
    readonly link: string,
    cause: unknown,
  ) {
    const root = rootFailure(cause);
    super(root.message, { cause });
    this.name = 'WorkflowRunFailed';
    this.reasonCode = root.code ?? 'workflow_failed';
  }
}

/** Ctrl-C while following: the workflows run on; the message says how to follow them again. */
export class StoppedFollowing extends BuzzError {
  constructor(message: string) {
    super('interrupted', message);
  }
}

export interface FollowContext {
  client: Client;
  config: Config;
}

export interface FollowOptions {
  /** Progress for a bar (ingest, reindex); without it, only the notes below are printed. */
  progress?: () => Promise<Snapshot>;
  /** The workflows whose failing activities to show (default: the followed one). */
  watched?: () => WorkflowHandle[];
}

const BAR_FORMAT =
  '{bar} {percentage}% | days {daysDone}/{daysTotal} | groups {groupsDone}/{groupsTotal} | {kept} tweets kept | {rate} lines/s';
const NO_WORKER_AFTER_MS = 3_000;

/** Whether any worker polls the task queue for workflow or activity tasks. */
async function workerPolls(context: FollowContext): Promise<boolean> {
  const { namespace, taskQueue } = context.config.temporal;
  for (const taskQueueType of [
    temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  ]) {
    const answer = await context.client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType,
    });
    if ((answer.pollers ?? []).length > 0) return true;
  }
  return false;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** The failing activities of a workflow, one short line each: type, attempt, last failure (the worker's log has it whole). */
async function failingActivities(handle: WorkflowHandle): Promise<{ key: string; line: string }[]> {
  const description = await handle.describe();
  return (description.raw.pendingActivities ?? [])
    .filter((activity) => activity.lastFailure?.message)
    .map((activity) => ({
      key: `${handle.workflowId}/${activity.activityId}/${activity.attempt}`,
      line: `  ${activity.activityType?.name ?? 'activity'} of ${handle.workflowId}, attempt ${activity.attempt}: ${shortFailure(defaultFailureConverter.failureToError(activity.lastFailure!, defaultPayloadConverter))}`,
    }));
}

/**
 * Waits for a workflow's result as a command should, never in silence: a progress bar when
 * there is progress to show; once, when no worker polls the task queue after a few seconds, what
 * to start; each new failure of a retrying activity, with its attempt; on Ctrl-C, how to follow
 * the workflow again (it runs on). A failed workflow becomes a WorkflowRunFailed.
 */
export async function followWorkflow<T>(
  handle: WorkflowHandle,
  context: FollowContext,
  options: FollowOptions = {},
): Promise<T> {
  const link = workflowLink(context.config.temporal, handle.workflowId);
  const started = Date.now();
  const bars = new MultiBar({ format: BAR_FORMAT, noTTYOutput: true, notTTYSchedule: 5_000, hideCursor: true });
  let bar: SingleBar | undefined;
  if (options.progress) {
    bar = bars.create(1, 0, { daysDone: 0, daysTotal: '?', groupsDone: 0, groupsTotal: '?', kept: 0, rate: 0 });
  }
  const note = (line: string): void => {
    if (bar) bars.log(`${line}\n`);
    else console.error(line);
  };

  let interrupt: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    interrupt = () =>
      reject(
        new StoppedFollowing(
          `Stopped following; ${handle.workflowId} runs on: ${link} (run the same command with --wait to follow it again)`,
        ),
      );
  });
  process.once('SIGINT', interrupt!);

  let finished = false;
  const result = handle.result() as Promise<T>;
  const settled = Promise.race([result, interrupted]).finally(() => (finished = true));
  const seen = new Set<string>();
  let workerSeen = false;
  let noWorkerSaid = false;
  const poll = async (): Promise<void> => {
    while (!finished) {
      await Promise.race([settled.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      if (finished) break;
      if (!workerSeen) {
        workerSeen = await workerPolls(context).catch(() => true);
        if (!workerSeen && Date.now() - started >= NO_WORKER_AFTER_MS && !noWorkerSaid) {
          const { taskQueue, namespace, address } = context.config.temporal;
          note(
            `No worker is polling task queue "${taskQueue}" (namespace "${namespace}" at ${address}): ${handle.workflowId} waits until one does. Start one with \`buzztracker worker\`.`,
          );
          noWorkerSaid = true;
        }
      }
      // Progress comes from queries, which only a worker answers: without one they would hang.
      if (bar && options.progress && workerSeen) {
        try {
          const s = await withTimeout(options.progress(), 5_000);
          const seconds = (Date.now() - started) / 1000;
          bar.setTotal(Math.max(1, s.groupsTotal));
          bar.update(s.groupsDone, {
            ...s,
            kept: s.kept.toLocaleString('en-US'),
            rate: Math.round(s.lines / Math.max(seconds, 0.001)).toLocaleString('en-US'),
          });
        } catch {
          // Not answerable yet: no worker has run the workflow, or it just finished.
        }
      }
      for (const watched of options.watched?.() ?? [handle]) {
        for (const failing of await failingActivities(watched).catch(() => [])) {
          if (seen.has(failing.key)) continue;
          seen.add(failing.key);
          note(failing.line);
        }
      }
    }
  };
  try {
    await poll();
    return await settled;
  } catch (error) {
    if (error instanceof WorkflowFailedError) throw new WorkflowRunFailed(handle.workflowId, link, error);
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt!);
    bars.stop();
  }
}
