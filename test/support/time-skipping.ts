import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId, WorkflowStartOptions } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type Workflow } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { loadConfig } from '../../config/config';
import { tailFile } from '../../infra/local/processes';
import { ensureTestServer } from '../../infra/local/test-server';
import { SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { showsTaskQueue } from '../../contracts/shows';

/**
 * Workflow unit tests on Temporal's time-skipping test server (infra/local/test-server.ts): the
 * workflows run for real, in the SDK's sandbox, against stubbed activities; timers complete as
 * soon as nothing else can happen, so days of workflow time take milliseconds.
 */

const EventType = temporal.api.enums.v1.EventType;
const INDEXED_TYPES = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * A bug of the test server (temporalio/sdk-java#2606): when a timer fires in real time while the
 * workflow task that cancels it is under way, the server refuses the task's completion with this
 * message and the workflow never gets another task. It takes a slow machine (a workflow task of
 * hundreds of milliseconds); the tests keep their signals far from their timers' ends.
 */
const TIMER_RACE = 'invalid history builder state for action';
const TIMER_RACE_HINT =
  `[worker] the test server refused a workflow task ("${TIMER_RACE}": temporalio/sdk-java#2606, a timer ` +
  'fired while the task that cancels it was under way); that workflow is stuck and its test will time out';

const quietLogger = (() => {
  const ignore = (): void => undefined;
  return { trace: ignore, debug: ignore, info: ignore, warn: console.warn, error: console.error, log: ignore };
})();

export interface WorkerScope {
  taskQueue: string;
  /** Starts a workflow on the worker's task queue; whatever is still running at the end is terminated. */
  start<T extends Workflow>(
    workflow: T,
    options: Omit<WorkflowStartOptions<T>, 'taskQueue'>,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<T>>;
  /**
   * Starts a workflow on a task queue of its own that no worker polls yet: what is sent to it
   * meanwhile goes straight into its history, with no workflow task under way, and its first task
   * sees all of it. `release()` starts a worker (same activities) for that queue.
   */
  startHeld<T extends Workflow>(
    workflow: T,
    options: Omit<WorkflowStartOptions<T>, 'taskQueue'>,
  ): Promise<{ handle: WorkflowHandleWithFirstExecutionRunId<T>; release: () => Promise<void> }>;
}

type ActivityFunction = (...input: never[]) => Promise<unknown>;

/** The time-skipping environment of one test file, and its one worker. */
export class TimeSkipping {
  private environment?: TestWorkflowEnvironment;
  private bundle?: WorkflowBundle;
  private worker?: { taskQueue: string; names: string[]; running: Promise<void>; stop: () => void };
  /** The activities of the test that runs now, by name. */
  private current: Record<string, ActivityFunction> = {};

  get env(): TestWorkflowEnvironment {
    if (!this.environment) throw new Error('the time-skipping environment is not up (its beforeAll failed)');
    return this.environment;
  }

  async setUp(): Promise<void> {
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) => {
        if (entry.level === 'ERROR') console.error(`[worker] ${entry.message}`, entry.meta ?? '');
        else if (String(entry.meta?.error).includes(TIMER_RACE)) console.error(TIMER_RACE_HINT);
      }),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
    });
    const config = loadConfig();
    const server = await ensureTestServer(config.stack, (line) => process.stderr.write(`[test-server] ${line}\n`));
    const [started, bundled] = await Promise.allSettled([
      TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: server.launcher } },
      }),
      bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger }),
    ]);
    if (started.status === 'rejected') {
      throw new Error(
        `Temporal's test server (${server.launcher}) did not start: ${String(started.reason)}\n` +
          `last lines of ${server.logFile}:\n${tailFile(server.logFile)}`,
      );
    }
    this.environment = started.value;
    if (bundled.status === 'rejected') throw bundled.reason;
    this.bundle = bundled.value;
    // Workflows start children with BuzzTracker's search attributes, which the namespace must know
    // (a worker adds them at start; the test server has no listSearchAttributes to check first).
    await this.env.connection.operatorService.addSearchAttributes({
      namespace: this.env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        Object.values(SEARCH_ATTRIBUTES).map((key) => [
          key.name,
          INDEXED_TYPES[key.type as keyof typeof INDEXED_TYPES],
        ]),
      ),
    });
  }

  async tearDown(): Promise<void> {
    if (this.worker) {
      this.worker.stop();
      await this.worker.running.catch(() => undefined);
    }
    await this.environment?.teardown();
  }

  /**
   * Runs `body` with the file's worker (the workflows of workflows/index.ts) running `activities`,
   * then terminates the workflows `body` started that are still running, so that no timer of one
   * test fires in the next. The worker is made by the first call (about 0.15 s); every test of a
   * file stubs the same activity names.
   */
  async withWorker<R>(activities: object, body: (scope: WorkerScope) => Promise<R>): Promise<R> {
    const stubs = activities as Record<string, ActivityFunction>;
    const worker = this.worker ?? (this.worker = await this.startWorker(Object.keys(stubs)));
    const unknown = Object.keys(stubs).filter((name) => !worker.names.includes(name));
    if (unknown.length > 0)
      throw new Error(`the file's worker was made for ${worker.names.join(', ')}: not ${unknown}`);
    const started: string[] = [];
    const released: Array<Awaited<ReturnType<TimeSkipping['startWorker']>>> = [];
    const startOn = <T extends Workflow>(
      taskQueue: string,
      workflow: T,
      options: Omit<WorkflowStartOptions<T>, 'taskQueue'>,
    ) => {
      started.push(options.workflowId);
      return this.env.client.workflow.start(workflow, { ...options, taskQueue } as WorkflowStartOptions<T>);
    };
    const scope: WorkerScope = {
      taskQueue: worker.taskQueue,
      start: (workflow, options) => startOn(worker.taskQueue, workflow, options),
      startHeld: async (workflow, options) => {
        const taskQueue = `held-${randomUUID()}`;
        const handle = await startOn(taskQueue, workflow, options);
        return { handle, release: async () => void released.push(await this.startWorker(worker.names, taskQueue)) };
      },
    };
    this.current = stubs;
    try {
      const stopped = worker.running.then(() => {
        throw new Error('the worker stopped');
      });
      stopped.catch(() => undefined); // it stops after the last test too: not a failure then
      return await Promise.race([body(scope), stopped]);
    } finally {
      for (const workflowId of started) {
        const handle = this.env.client.workflow.getHandle(workflowId);
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('the test is over');
      }
      for (const extra of released) {
        extra.stop();
        await extra.running.catch(() => undefined);
      }
      this.current = {};
    }
  }

  private async startWorker(
    names: string[],
    taskQueue = `unit-${randomUUID()}`,
  ): Promise<NonNullable<TimeSkipping['worker']>> {
    if (!this.bundle) throw new Error('the workflows are not bundled (the beforeAll failed)');
    const dispatch =
      (name: string) =>
      (...input: never[]) => {
        const stub = this.current[name];
        if (!stub) throw ApplicationFailure.nonRetryable(`${name} is not stubbed in this test`, 'not_stubbed');
        return stub(...input);
      };
    const activities = Object.fromEntries(names.map((name) => [name, dispatch(name)]));
    const connection = this.env.nativeConnection;
    // As `buzztracker worker`: the show computations come from a task queue of their own.
    const workers = [
      await Worker.create({ connection, taskQueue, workflowBundle: this.bundle, activities }),
      await Worker.create({ connection, taskQueue: showsTaskQueue(taskQueue), activities }),
    ];
    return {
      taskQueue,
      names,
      running: Promise.all(workers.map((worker) => worker.run())).then(() => undefined),
      stop: () => {
        for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      },
    };
  }
}

/**
 * One time-skipping environment for the calling test file: the server starts in beforeAll (the
 * first run ever downloads it) and stops in afterAll. Tests of a file run one after another and
 * share the server's clock; `withWorker` leaves no workflow of a test running. Tests get 90 s
 * (real time, for a machine busy with other test projects: CI runs them beside the integration
 * and browser tests); alone they take well under a second.
 */
export function useTimeSkipping(): TimeSkipping {
  jest.setTimeout(90_000);
  const ts = new TimeSkipping();
  beforeAll(() => ts.setUp(), 120_000);
  afterAll(() => ts.tearDown());
  return ts;
}

/** Records the calls of stubbed activities, in the order they were made. */
export class ActivityCalls {
  readonly calls: { activity: string; input: unknown[] }[] = [];
  /** Each call's attempt (1 for a first try). */
  readonly attempts: { activity: string; attempt: number }[] = [];

  /** `implementation`, recording each call under `name`. */
  record<A extends unknown[], R>(
    name: string,
    implementation: (...input: A) => Promise<R>,
  ): (...input: A) => Promise<R> {
    return (...input: A) => {
      this.calls.push({ activity: name, input });
      this.attempts.push({ activity: name, attempt: Context.current().info.attempt });
      return implementation(...input);
    };
  }

  of(activity: string): unknown[][] {
    return this.calls.filter((call) => call.activity === activity).map((call) => call.input);
  }

  names(): string[] {
    return this.calls.map((call) => call.activity);
  }
}

/** Waits, in real time, until `predicate` holds (for what a worker does while time is not skipped). */
export async function eventually(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What a workflow's history says happened, each at its workflow time. */
export type Happening =
  | { at: number; kind: 'started'; input: unknown[] }
  | { at: number; kind: 'signal'; name: string }
  | { at: number; kind: 'timer'; ms: number }
  | { at: number; kind: 'timer fired' }
  | { at: number; kind: 'timer canceled' }
  | { at: number; kind: 'activity'; name: string }
  | { at: number; kind: 'child'; workflowId: string }
  | { at: number; kind: 'child closed'; workflowId: string }
  | { at: number; kind: 'workflow task started' }
  | { at: number; kind: 'completed' }
  | { at: number; kind: 'continued as new' };

function happening(event: HistoryEvent, decode: (payloads: unknown) => unknown[]): Happening | undefined {
  const at = tsToMs(event.eventTime);
  switch (event.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
      return { at, kind: 'started', input: decode(event.workflowExecutionStartedEventAttributes?.input?.payloads) };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
      return { at, kind: 'signal', name: event.workflowExecutionSignaledEventAttributes!.signalName! };
    case EventType.EVENT_TYPE_TIMER_STARTED:
      return { at, kind: 'timer', ms: tsToMs(event.timerStartedEventAttributes!.startToFireTimeout) };
    case EventType.EVENT_TYPE_TIMER_FIRED:
      return { at, kind: 'timer fired' };
    case EventType.EVENT_TYPE_TIMER_CANCELED:
      return { at, kind: 'timer canceled' };
    case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      return { at, kind: 'activity', name: event.activityTaskScheduledEventAttributes!.activityType!.name! };
    case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
      return { at, kind: 'child', workflowId: event.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId! };
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
    case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
      return {
        at,
        kind: 'child closed',
        workflowId: (event.childWorkflowExecutionCompletedEventAttributes ??
          event.childWorkflowExecutionFailedEventAttributes)!.workflowExecution!.workflowId!,
      };
    case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
      return { at, kind: 'workflow task started' };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
      return { at, kind: 'completed' };
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
      return { at, kind: 'continued as new' };
    default:
      return undefined;
  }
}

/** The happenings of a workflow run's history, `at` in milliseconds of workflow time since it started. */
export async function happenings(
  handle: WorkflowHandle,
): Promise<{ start: number; events: number; list: Happening[] }> {
  const history = await handle.fetchHistory();
  const decode = (payloads: unknown): unknown[] =>
    ((payloads as temporal.api.common.v1.IPayload[] | null | undefined) ?? []).map((payload) =>
      defaultPayloadConverter.fromPayload(payload),
    );
  const events = history.events ?? [];
  const start = tsToMs(events[0]!.eventTime);
  const list = events
    .map((event) => happening(event, decode))
    .filter((h): h is Happening => h !== undefined)
    .map((h) => ({ ...h, at: h.at - start }));
  return { start, events: events.length, list };
}
