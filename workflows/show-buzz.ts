import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ChildWorkflowFailure,
  ParentClosePolicy,
  executeChild,
  WorkflowIdReusePolicy,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { ShowBuzzResult } from '../contracts/shows';
import { addDays, dayOfMs, type Day } from '../domain/days';
import { rootFailure } from '../domain/errors';
import { pageviewsRange } from '../domain/pageviews';
import type { ShowConfig } from '../domain/show-config';
import { workflowIds } from '../contracts/workflow-ids';
import { quick, showWork } from './activity-options';
import { deliverSpikeAlert } from './deliver-spike-alert';
import { fetchPageviews } from './fetch-pageviews';
import {
  DEFAULT_DEBOUNCE,
  configChangedSignal,
  configQuery,
  daysIngestedSignal,
  lastResultQuery,
  retireSignal,
  type ShowBuzzInput,
} from '../contracts/shows';

/** How long a show stays ready for edits and new days after its window closes. */
const LINGER_MS = 7 * 86_400_000;
/** A show whose window closed long ago still waits this long for follow-up edits. */
const MIN_IDLE_MS = 10 * 60_000;

/** Executions started before spike alerts existed replay without them. */
export const SPIKE_ALERTS_PATCH = 'show-buzz-spike-alerts';

/**
 * Records the show's new spike alerts and starts a delivery for each pending one. A delivery's
 * workflow id is the alert's, never reused: an alert already being (or once) delivered is not
 * started again, and deliveries outlive this workflow (they are abandoned, not cancelled, when it
 * ends or continues as new).
 */
async function raiseSpikeAlerts(config: ShowConfig): Promise<void> {
  if (!patched(SPIKE_ALERTS_PATCH)) return;
  for (const alertId of await quick.raiseSpikeAlerts({ config })) {
    try {
      await startChild(deliverSpikeAlert, {
        workflowId: workflowIds.alert(alertId),
        args: [{ alertId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}

/** Executions started before shows fetched their pageviews replay without it. */
export const PAGEVIEWS_PATCH = 'show-buzz-pageviews';

/**
 * Fetches the pageviews of the show's articles over its window up to yesterday (a child
 * `pageviews-show-<show_key>`, its requests rate-capped on the pageviews task queue), and records
 * what it could not get for the show's warnings. The daily run fetches the days after.
 */
async function fetchWindowPageviews(config: ShowConfig, range: { from: Day; to: Day }): Promise<void> {
  const articles = config.wikipedia_articles!;
  let result;
  try {
    result = await executeChild(fetchPageviews, {
      workflowId: workflowIds.showPageviews(config.show_key),
      args: [{ requests: articles.map((article) => ({ article, ...range })) }],
    });
  } catch (error) {
    if (!(error instanceof ChildWorkflowFailure)) throw error;
    result = { fetched: [], failed: [{ article: 'every article', error: rootFailure(error).message }] };
  }
  await quick.recordPageviewsFetch({ showKey: config.show_key, result });
}

/** What the show workflow holds between signals. */
class ShowState {
  /** Counts signals, so a burst can be waited out. */
  signals = 0;
  pendingConfig?: ShowConfig;
  readonly pendingDays: Set<Day>;
  retire?: { removeData: boolean };
  /** A pageviews fetch is running; another is due when it ends (the configuration changed meanwhile). */
  fetching = false;
  fetchAgain = false;
  /** A fetch ended: the window is computed again with its pageviews. */
  pageviewsArrived = false;

  constructor(
    public config: ShowConfig,
    public last: ShowBuzzResult | undefined,
    pendingDays: Day[],
  ) {
    this.pendingDays = new Set(pendingDays);
  }

  hasWork(): boolean {
    return (
      this.pendingConfig !== undefined ||
      this.pendingDays.size > 0 ||
      this.retire !== undefined ||
      this.pageviewsArrived
    );
  }

  /**
   * Starts fetching the window's pageviews when the show lists articles. The fetch runs beside
   * the show's other work, so that a slow or throttled API never holds back its tweets: the
   * window is computed at once, and again when the pageviews have arrived.
   */
  startPageviewsFetch(): void {
    if (!this.config.wikipedia_articles || !patched(PAGEVIEWS_PATCH)) return;
    const range = pageviewsRange(this.config, addDays(dayOfMs(Date.now()), -1));
    if (!range) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    void fetchWindowPageviews(this.config, range)
      // What failed is recorded as the show's warning where it can be; the window's days are still computed.
      .catch((error: unknown) => log.warn('pageviews fetch failed', { error: String(error) }))
      .then(() => {
        this.fetching = false;
        this.pageviewsArrived = true;
        this.signals++;
        if (this.fetchAgain) {
          this.fetchAgain = false;
          this.startPageviewsFetch();
        }
      });
  }
}

/**
 * The entity workflow of one show season (id show-<show_key>): computes the whole window when it
 * starts or its configuration changes (and again once the window's pageviews are fetched), recomputes the days that ingestion reports, and ends some
 * time after its window closes (a signal-with-start brings it back).
 */
export async function showBuzz(input: ShowBuzzInput): Promise<ShowBuzzResult | undefined> {
  const state = new ShowState(input.config, input.last, input.pendingDays ?? []);
  setHandler(configChangedSignal, (config) => {
    state.pendingConfig = config;
    state.signals++;
  });
  setHandler(daysIngestedSignal, (days) => {
    days.forEach((day) => state.pendingDays.add(day));
    state.signals++;
  });
  setHandler(retireSignal, (retire) => {
    state.retire = retire;
    state.signals++;
  });
  setHandler(configQuery, () => state.config);
  setHandler(lastResultQuery, () => state.last);

  const computing = showWork();
  let computed = input.computed ?? false;
  const { quietMs, maxMs } = input.debounce ?? DEFAULT_DEBOUNCE;
  await quick.ensureShowIndices();
  for (;;) {
    if (computed && state.hasWork()) {
      const burstStarted = Date.now();
      for (let seen = state.signals; Date.now() - burstStarted < maxMs; seen = state.signals) {
        // The quiet wait is cut short at the cap, so a burst never waits past maxMs.
        const left = maxMs - (Date.now() - burstStarted);
        if (!(await condition(() => state.signals !== seen, Math.min(quietMs, left)))) break;
      }
    }
    if (state.retire) {
      if (state.retire.removeData) await quick.removeShowBuzz({ showKey: state.config.show_key });
      return state.last;
    }
    if (!computed || state.pendingConfig) {
      state.config = state.pendingConfig ?? state.config;
      state.pendingConfig = undefined;
      state.pendingDays.clear();
      state.pageviewsArrived = false;
      const last = await computing.computeShowBuzz({ config: state.config });
      await raiseSpikeAlerts(state.config);
      state.last = last;
      computed = true;
      state.startPageviewsFetch();
    } else if (state.pageviewsArrived) {
      state.pageviewsArrived = false;
      state.pendingDays.clear();
      const last = await computing.computeShowBuzz({ config: state.config });
      await raiseSpikeAlerts(state.config);
      state.last = last;
    } else if (state.pendingDays.size > 0) {
      const days = [...state.pendingDays];
      state.pendingDays.clear();
      const last = await computing.computeShowBuzz({ config: state.config, days });
      await raiseSpikeAlerts(state.config);
      state.last = last;
    }
    if (state.hasWork()) continue;
    // A running fetch is a child of this run: the show waits for it before it continues as new or ends.
    if (state.fetching) {
      await condition(() => state.hasWork());
      continue;
    }
    if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > 2_000) {
      await continueAsNew<typeof showBuzz>({
        config: state.config,
        last: state.last,
        pendingDays: [],
        computed,
        debounce: input.debounce,
      });
    }
    const closes = Date.parse(`${addDays(state.config.window_end, 2)}T00:00:00Z`) + LINGER_MS;
    const wait = Math.max(closes - Date.now(), MIN_IDLE_MS);
    if (!(await condition(() => state.hasWork(), wait))) return state.last;
  }
}
