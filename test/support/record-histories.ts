/**
 * Records the workflow histories the replay test (test/unit/workflow-replay.test.ts) replays:
 * runs every workflow type through its main paths on the real local stack, in a namespace of its
 * own, and writes each history with the type and path it covers to test/fixtures/histories/.
 *
 *   npm run histories:record [-- --allow-incompatible]
 *
 * Before it writes anything it replays the fixtures already there on the current workflow code:
 * a history that no longer replays stands for executions a deploy would break, so it refuses
 * (docs/contributing.md, "Changing workflows safely", says what to do), unless
 * --allow-incompatible says no such execution can be running. A fixture whose new recording
 * carries a patch marker the old one lacks is kept under pre-patch/<patch id>/: it stands for the
 * executions started before the patch until the patch is deprecated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { ScheduleOverlapPolicy, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import * as prettier from 'prettier';
import { applyShowConfigs } from '../../services/shows';
import { openStore } from '../../adapters/store';
import { writeSampleData } from '../../simulator/sample-data';
import { PROJECT_ROOT, loadConfig } from '../../config/config';
import { addDays, dayOfMs, type Day } from '../../domain/days';
import { indexNames } from '../../domain/index-names';
import { SAMPLE_SHOWS, sampleSheetCsv, type SampleShow } from '../../simulator/shows';
import { configFingerprint, parseSheetRows, type ShowConfig } from '../../domain/show-config';
import { workflowIds } from '../../contracts/workflow-ids';
import { isHealthyState, stackUp } from '../../infra/local/stack';
import * as workflows from '../../workflows';
import { configQuery, lastResultQuery, retireSignal } from '../../contracts/shows';
import { alertIdOf } from '../../domain/alerts';
import { startAlertWebhookServer, type AlertWebhookServer } from './alert-webhook-server';
import { countsOn, recentDays, seedDailySeries, startShows } from './daily-series';
import { PLANTED_SPIKE, spikingShowRow } from './planted-spike';
import { CAPTURE_WORKFLOW_ID } from '../../contracts/capture';
import { generateJetstreamSample } from '../../simulator/jetstream';
import { generatePageviews } from '../../simulator/pageviews';
import { startWikimediaServer, type WikimediaServer } from '../../infra/local/wikimedia-server';
import { startJetstreamServer } from '../../infra/local/jetstream-server';
import { createBuzzTestEnv, type BuzzTestEnv } from './buzz-env';
import { captureToEnd, startCapture, waitFor } from './live-capture';
import {
  FIXTURES_DIR,
  RECORD_COMMAND,
  describeFailures,
  historyToJson,
  installQuietRuntime,
  loadFixtures,
  patchIds,
  planFixtureChanges,
  replayFixtures,
  startedType,
  type HistoryFixture,
  type LoadedFixture,
} from './histories';
import { testS3 } from './services';
import { showSignals } from '../../client/shows';

const SDK_VERSION = (
  JSON.parse(fs.readFileSync(require.resolve('@temporalio/workflow/package.json'), 'utf8')) as { version: string }
).version;
/** Two small days (two hours each, two lines a minute) and a day with no archive. */
const DAYS: Day[] = ['2019-07-01', '2019-07-02'];
const MISSING_DAY: Day = '2019-07-03';
const SAMPLE = { linesPerMinute: 2, hours: [0, 1], format: 'tar' as const };
const ZEPHYRINE = SAMPLE_SHOWS.find((s) => s.show_key === 'zephyrine-hollow:2')!;
const QUILLFEATHER = SAMPLE_SHOWS.find((s) => s.show_key === 'quillfeather:3')!;
const ALERT_SECRET = 'recording-alert-secret-0123';
/** The show of the pageviews recordings: its last days are published only after its window is fetched. */
const PAGEVIEWS_SHOW = {
  row: {
    show_name: 'Harbor Lights',
    season: '1',
    launch_date: '2026-07-10',
    analysis_date_window_start: '2026-07-03',
    analysis_date_window_end: '2026-07-20',
    mandatory_search_terms: 'Harbor Lights',
    wikipedia_articles: 'en:Harbor Lights (TV series) | Harbor Lightz',
  },
  published: '2026-07-15',
};

/** What one recorded execution covers: becomes test/fixtures/histories/<workflowType>.<slug>.json. */
interface Recording {
  workflowType: string;
  slug: string;
  path: string;
  workflowId: string;
  /** How the execution must have ended. */
  closedAs: 'Completed' | 'Failed';
  /** Signals the history must hold at least this many times. */
  signals?: Record<string, number>;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const allowIncompatible = process.argv.includes('--allow-incompatible');
  const unknown = process.argv.slice(2).filter((arg) => arg !== '--allow-incompatible');
  if (unknown.length > 0)
    throw new Usage(`unknown argument ${unknown.join(' ')}; usage: ${RECORD_COMMAND} [-- --allow-incompatible]`);
  const started = Date.now();
  // Node 20 is this project's runtime; the AWS SDK's notice about its future releases is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The worker's and activities' own lines only when something goes wrong (expected failures, such
  // as the missing day's, are logged as warnings).
  installQuietRuntime();
  // Relative file: URIs (the sheet) then mean the same to the worker, and no machine path enters a history.
  process.chdir(PROJECT_ROOT);

  // The workflow code of these sources, bundled as a worker bundles it.
  log('bundling the workflows…');
  const bundle = {
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet() }),
  };

  const previous = loadFixtures();
  const dropped = await checkPrevious(previous, bundle, allowIncompatible);

  const reports = await stackUp(loadConfig(), { log: (line) => log(`[stack] ${line}`) });
  if (!reports.every((report) => isHealthyState(report.state)))
    throw new Error(`the local stack did not come up: ${reports.map((r) => `${r.name} ${r.state}`).join(', ')}`);

  // Alerts of the sample shows' 2019 spikes are too old to send; the one recordSpikeAlert plants is sent here.
  const webhook = await startAlertWebhookServer(ALERT_SECRET);
  const wikimedia = await startWikimediaServer({
    sample: generatePageviews({
      seed: 3,
      from: '2026-07-01',
      to: '2026-07-31',
      lastPublished: PAGEVIEWS_SHOW.published,
      articles: [
        { project: 'en.wikipedia', title: 'Harbor_Lights_(TV_series)', launch: '2026-07-10', base: 50 },
        { project: 'en.wikipedia', title: 'Harbor_Lightz', base: 0, neverViewed: true },
      ],
    }),
  });
  const env = await createBuzzTestEnv({
    store: 's3',
    env: {
      BUZZ_ALERT_WEBHOOK_URL: webhook.url,
      BUZZ_ALERT_WEBHOOK_SECRET: ALERT_SECRET,
      WIKIMEDIA_API_URL: wikimedia.url,
    },
  });
  const { s3, bucket } = testS3(env.config);
  const place: Place = {
    source: `s3://${bucket}/${env.config.temporal.namespace}-archives`,
    sheetDir: path.join('.buzz', `histories-${env.config.temporal.namespace}`),
    s3,
  };
  let recordings: Recording[];
  try {
    await env.startWorker({ maxActivities: 8 });
    recordings = await runScenarios(env, place, webhook, wikimedia);
    const fixtures: { name: string; fixture: HistoryFixture }[] = [];
    for (const recording of recordings) fixtures.push(await fixtureOf(env, recording, [env.workDir]));
    const written = await writeFixtures(fixtures, previous, dropped);
    const check = await replayFixtures(loadFixtures(), bundle);
    const failed = describeFailures(check, loadFixtures());
    if (failed.length > 0)
      throw new Error(`recorded histories do not replay on the code that recorded them:\n${failed.join('\n')}`);
    log('');
    log(`fixtures in ${path.relative(PROJECT_ROOT, FIXTURES_DIR)}/ (each replays on the current code):`);
    for (const line of written) log(`  ${line}`);
  } finally {
    await cleanUp(env, place);
    await webhook.stop();
    await wikimedia.close();
  }
  log(`recorded ${recordings.length} histories in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

class Usage extends Error {}

/** Where a recording keeps its inputs: archives in the S3 bucket, the sheet in .buzz/ (relative). */
interface Place {
  source: string;
  sheetDir: string;
  s3: S3Client;
}

function quiet() {
  const ignore = (): void => undefined;
  return { trace: ignore, debug: ignore, info: ignore, warn: console.warn, error: console.error, log: ignore };
}

/**
 * Replays the fixtures already recorded on the current code. Returns the ones that no longer
 * replay when --allow-incompatible says they may go; refuses otherwise.
 */
async function checkPrevious(
  previous: LoadedFixture[],
  bundle: { workflowBundle: { code: string } },
  allowIncompatible: boolean,
): Promise<Set<string>> {
  if (previous.length === 0) return new Set();
  log(`replaying the ${previous.length} recorded histories on the current code…`);
  const outcomes = await replayFixtures(previous, bundle);
  const failed = outcomes.filter((outcome) => outcome.error);
  if (failed.length === 0) return new Set();
  const lines = describeFailures(outcomes, previous);
  if (!allowIncompatible) {
    throw new Usage(
      [
        `${failed.length} recorded histories no longer replay on the current workflow code:`,
        ...lines,
        'Running executions with such histories would fail with a non-determinism error after a deploy.',
        'Guard the change with patched() (docs/contributing.md, "Changing workflows safely"), or, when no',
        `execution of these types can be running, record with \`${RECORD_COMMAND} -- --allow-incompatible\`.`,
      ].join('\n'),
    );
  }
  log(`--allow-incompatible: dropping ${failed.length} histories that no longer replay:`);
  for (const line of lines) log(`  ${line}`);
  return new Set(failed.map((outcome) => outcome.name));
}

/** The show's configuration as the sheet gives it, with some cells changed. */
function configOf(show: SampleShow, cells: Partial<SampleShow['row']> = {}): ShowConfig {
  const row = { ...show.row, ...cells };
  const { shows, errors } = parseSheetRows([row], Object.keys(row));
  if (errors.length > 0 || !shows[0]) throw new Error(`invalid row for ${show.show_key}: ${JSON.stringify(errors)}`);
  return shows[0];
}

/** A scenario's check: the recording stops when an execution did not take the path it stands for. */
function expect(what: string, actual: unknown, wanted: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(wanted))
    throw new Error(`${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`);
}

async function runScenarios(
  env: BuzzTestEnv,
  { source, sheetDir, s3 }: Place,
  webhook: AlertWebhookServer,
  wikimedia: WikimediaServer,
): Promise<Recording[]> {
  const taskQueue = env.config.temporal.taskQueue;
  const client = env.temporal;
  const recordings: Recording[] = [];

  // Sample archives in the S3 bucket (an s3:// source: no local path enters the histories).
  const dailyDay = addDays(dayOfMs(Date.now()), -2);
  const archives = path.join(env.workDir, 'archives');
  await writeSampleData({ out: archives, from: DAYS[0]!, days: DAYS.length, seed: 7, ...SAMPLE });
  await writeSampleData({ out: archives, from: dailyDay, days: 1, seed: 8, ...SAMPLE, hours: [0] });
  const sourceStore = openStore(source, () => s3);
  for (const name of fs.readdirSync(archives).filter((file) => file.endsWith('.tar')))
    await sourceStore.put(name, fs.readFileSync(path.join(archives, name)));
  fs.mkdirSync(sheetDir, { recursive: true });
  const sheetFile = path.join(sheetDir, 'shows.csv');
  const sheetUri = `file:${sheetFile.split(path.sep).join('/')}`;
  const languages = ['en'];

  const show = (key: string): WorkflowHandle<typeof workflows.showBuzz> =>
    client.workflow.getHandle<typeof workflows.showBuzz>(workflowIds.show(key));
  /** Waits until the show has computed after `since` (with `config`, when given). */
  const computed = async (key: string, since: number, config?: ShowConfig): Promise<void> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const last = await show(key)
        .query(lastResultQuery)
        .catch(() => undefined);
      const current = config && (await show(key).query(configQuery));
      const sameConfig = !config || (current && configFingerprint(current) === configFingerprint(config));
      if (last && Date.parse(last.computedAt) > since && sameConfig) return;
      if (Date.now() > deadline) throw new Error(`show ${key} did not compute`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const shows = [ZEPHYRINE.show_key, QUILLFEATHER.show_key];

  // syncShows: a sheet of two shows starts their workflows (signal-with-start configChanged).
  log('syncShows: two new shows…');
  fs.writeFileSync(sheetFile, sampleSheetCsv([ZEPHYRINE, QUILLFEATHER]));
  let since = Date.now();
  const syncId = `${workflowIds.syncShows(sheetUri)}-1`;
  const report = await client.workflow.execute(workflows.syncShows, {
    taskQueue,
    workflowId: syncId,
    args: [{ sheetUri }],
  });
  expect('first sync', { started: report.started, errors: report.errors }, { started: shows, errors: [] });
  recordings.push({
    workflowType: 'syncShows',
    slug: 'started',
    path: 'reads a sheet of two valid rows, starts both show workflows',
    workflowId: syncId,
    closedAs: 'Completed',
  });
  for (const key of shows) await computed(key, since);

  // showBuzz: a burst of sheet edits of one show, as the sheet-edit hook applies them.
  log('showBuzz: a burst of three edits…');
  const edits = [
    configOf(ZEPHYRINE, { optional_search_terms: '#ZephyrineHollow' }),
    configOf(ZEPHYRINE, { optional_search_terms: '#ZephyrineHollow, finale' }),
    configOf(ZEPHYRINE, { optional_search_terms: '#ZephyrineHollow, finale', excluded_search_terms: 'spoiler' }),
  ];
  const deps = { repos: env.repos, showSignals: showSignals(client, taskQueue) };
  for (const edit of edits) {
    const applied = await applyShowConfigs(
      deps,
      sheetUri,
      { rows: 1, shows: [edit], errors: [] },
      { retireMissing: false },
    );
    expect('an edit', applied.updated, [ZEPHYRINE.show_key]);
  }
  await computed(ZEPHYRINE.show_key, Date.now(), edits[edits.length - 1]);

  // ingestDay: a whole (small) day; it then tells the shows covering it.
  log(`ingestDay: ${DAYS[0]}…`);
  since = Date.now();
  const ingestId = workflowIds.ingestDay(DAYS[0]!);
  const manifest = await client.workflow.execute(workflows.ingestDay, {
    taskQueue,
    workflowId: ingestId,
    args: [{ day: DAYS[0]!, source, languages }],
  });
  if (manifest.totals.kept <= 0) throw new Error(`ingestDay ${DAYS[0]} kept no tweet`);
  recordings.push({
    workflowType: 'ingestDay',
    slug: 'ingested',
    path: 'plans a day of two hour groups, preprocesses and indexes each, applies delete notices, records the manifest, notifies the shows',
    workflowId: ingestId,
    closedAs: 'Completed',
  });
  for (const key of shows) await computed(key, since);

  // backfill: a day already ingested (skipped), a new one, one with no archive (failed).
  log(`backfill: ${DAYS[0]} to ${MISSING_DAY}…`);
  since = Date.now();
  const backfillId = workflowIds.backfill(DAYS[0]!, MISSING_DAY);
  const outcomes = await client.workflow.execute(workflows.backfill, {
    taskQueue,
    workflowId: backfillId,
    args: [{ days: [...DAYS, MISSING_DAY], source, languages }],
  });
  expect(
    'backfill outcomes',
    outcomes.map((o) => o.status),
    ['skipped', 'ingested', 'failed'],
  );
  recordings.push({
    workflowType: 'backfill',
    slug: 'skipped-ingested-failed',
    path: 'three days as child workflows, two at a time: one already ingested (skipped), one ingested, one with no archive (failed)',
    workflowId: backfillId,
    closedAs: 'Completed',
  });
  recordings.push({
    workflowType: 'ingestDay',
    slug: 'archive-missing',
    path: "a backfill's child whose day has no archive at the source: planDay fails at once without retries, the workflow fails",
    workflowId: workflowIds.ingestDay(MISSING_DAY),
    closedAs: 'Failed',
  });
  for (const key of shows) await computed(key, since);

  // reindexDays: a day from the store, and one the store does not have.
  log('reindexDays…');
  const reindexId = workflowIds.reindex(DAYS[0]!, '2019-07-04');
  const reindexed = await client.workflow.execute(workflows.reindexDays, {
    taskQueue,
    workflowId: reindexId,
    args: [{ days: [DAYS[0]!, '2019-07-04'] }],
  });
  expect(
    'reindex outcomes',
    reindexed.map((o) => o.status),
    ['reindexed', 'not_in_store'],
  );
  recordings.push({
    workflowType: 'reindexDays',
    slug: 'reindexed-not-in-store',
    path: 'rebuilds a day from the stored copy (index groups, apply deletes, record the manifest), then a day not in the store',
    workflowId: reindexId,
    closedAs: 'Completed',
  });

  // dailyRun: started by a real Schedule, as `buzztracker schedule create` makes it; triggered twice.
  log(`dailyRun: two triggered runs of the schedule (day ${dailyDay})…`);
  const schedule = await client.schedule.create({
    scheduleId: 'buzz-daily-run',
    spec: { calendars: [{ hour: 6, minute: 0 }] },
    action: {
      type: 'startWorkflow',
      workflowType: workflows.dailyRun,
      workflowId: 'daily-run',
      taskQueue,
      args: [{ source, languages, lagDays: 2 }],
    },
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '3 days', pauseOnFailure: false },
    state: { paused: true, note: 'recording histories: runs only when triggered' },
  });
  try {
    for (const [slug, status, pathText] of [
      [
        'ingested',
        'ingested',
        'a scheduled run ingests the day lagDays before its scheduled time as a child ingestDay',
      ],
      [
        'already-ingested',
        'already_ingested',
        'a scheduled run whose day was already ingested: starting the child is refused, the run reports it',
      ],
    ] as const) {
      const before = (await schedule.describe()).info.recentActions.length;
      await schedule.trigger();
      const workflowId = await (async () => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const actions = (await schedule.describe()).info.recentActions;
          if (actions.length > before) return actions[actions.length - 1]!.action.workflow.workflowId;
          if (Date.now() > deadline) throw new Error('the schedule did not start a run');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      const result = await client.workflow.getHandle<typeof workflows.dailyRun>(workflowId).result();
      expect('daily run', { day: result.day, status: result.status }, { day: dailyDay, status });
      recordings.push({ workflowType: 'dailyRun', slug, path: pathText, workflowId, closedAs: 'Completed' });
    }
  } finally {
    await schedule.delete();
  }

  // syncShows again: one row removed (its show retires and removes its data), one made inactive.
  log('showBuzz: a sync that retires one show and stops the other…');
  fs.writeFileSync(sheetFile, sampleSheetCsv([{ ...QUILLFEATHER, row: { ...QUILLFEATHER.row, active: 'FALSE' } }]));
  const second = await client.workflow.execute(workflows.syncShows, {
    taskQueue,
    workflowId: `${workflowIds.syncShows(sheetUri)}-2`,
    args: [{ sheetUri }],
  });
  expect(
    'second sync',
    { removed: second.removed, stopped: second.stopped },
    { removed: [ZEPHYRINE.show_key], stopped: [QUILLFEATHER.show_key] },
  );
  for (const key of shows) await show(key).result();
  recordings.push({
    workflowType: 'showBuzz',
    slug: 'edits-days-retired',
    path: 'started by a sheet sync, computes its window; a burst of three config edits, waited out before recomputing; two ingested days; retired by a sync that removed its row (its data removed)',
    workflowId: workflowIds.show(ZEPHYRINE.show_key),
    closedAs: 'Completed',
    signals: { configChanged: 4, daysIngested: 2, retire: 1 },
  });
  recordings.push({
    workflowType: 'showBuzz',
    slug: 'days-stopped',
    path: 'started by a sheet sync, computes its window; two ingested days; stopped by a sync that made its row inactive (data kept)',
    workflowId: workflowIds.show(QUILLFEATHER.show_key),
    closedAs: 'Completed',
    signals: { configChanged: 1, daysIngested: 2, retire: 1 },
  });
  recordings.push(await recordCapture(env));
  recordings.push(...(await recordSpikeAlert(env, webhook)));
  recordings.push(...(await recordPageviews(env, wikimedia)));
  return recordings;
}

/**
 * fetchPageviews and dailyPageviews: a show listing two articles (one the API has no data for)
 * fetches its window, the days not yet published left; the daily fetch gets them once published.
 */
async function recordPageviews(env: BuzzTestEnv, wikimedia: WikimediaServer): Promise<Recording[]> {
  log('fetchPageviews, dailyPageviews: a show with Wikipedia articles, then the daily fetch…');
  const [show] = await startShows(env, [PAGEVIEWS_SHOW.row]);
  const showKey = show!.show_key;
  const child = env.temporal.workflow.getHandle<typeof workflows.fetchPageviews>(workflowIds.showPageviews(showKey));
  await waitFor(
    'the window fetch to start',
    () =>
      child.describe().then(
        () => true,
        () => false,
      ),
    (started) => started,
  );
  const fetched = await child.result();
  expect(
    'the window fetch',
    fetched.fetched.map((f) => [f.article, f.found, f.range?.to]),
    [
      ['en:Harbor Lights (TV series)', true, PAGEVIEWS_SHOW.published],
      ['en:Harbor Lightz', false, PAGEVIEWS_SHOW.published],
    ],
  );
  wikimedia.setLastPublished(PAGEVIEWS_SHOW.row.analysis_date_window_end);
  const through = PAGEVIEWS_SHOW.row.analysis_date_window_end;
  const daily = await env.temporal.workflow.execute(workflows.dailyPageviews, {
    taskQueue: env.config.temporal.taskQueue,
    workflowId: workflowIds.dailyPageviews(through),
    args: [{ through }],
  });
  expect('the daily fetch', [daily.requests, daily.notified], [2, [showKey]]);
  const handle = env.temporal.workflow.getHandle<typeof workflows.showBuzz>(workflowIds.show(showKey));
  await waitFor(
    'the recomputation of the days fetched',
    async () => (await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionSignaledEventAttributes).length,
    (n) => n >= 2,
  );
  await handle.signal(retireSignal, { removeData: false });
  await handle.result();
  return [
    {
      workflowType: 'fetchPageviews',
      slug: 'found-not-found',
      path: "a show's window: each project's last published day, then one request per article, one of them a 404",
      workflowId: workflowIds.showPageviews(showKey),
      closedAs: 'Completed',
    },
    {
      workflowType: 'dailyPageviews',
      slug: 'fetched-notified',
      path: 'plans the days not stored of every active show, fetches them, tells the show to recompute them',
      workflowId: workflowIds.dailyPageviews(through),
      closedAs: 'Completed',
    },
    {
      workflowType: 'showBuzz',
      slug: 'pageviews-retired',
      path: 'started by a sheet edit, fetches its pageviews as a child, computes its window; days fetched by the daily fetch; retired',
      workflowId: workflowIds.show(showKey),
      closedAs: 'Completed',
      signals: { configChanged: 1, daysIngested: 1, retire: 1 },
    },
  ];
}

/** deliverSpikeAlert: a planted spike of a recent show; the webhook answers 500 once, then takes it. */
async function recordSpikeAlert(env: BuzzTestEnv, webhook: AlertWebhookServer): Promise<Recording[]> {
  log('deliverSpikeAlert: a planted spike, the webhook failing once…');
  const days = recentDays(8);
  const row = spikingShowRow('Fenwick Lantern', '1', days);
  await seedDailySeries(
    env.es,
    indexNames(env.config.elasticsearch.indexPrefix),
    [{ phrase: row.show_name, counts: countsOn(days, PLANTED_SPIKE.counts) }],
    days,
  );
  webhook.setMode('error');
  const [show] = await startShows(env, [row]);
  const alertId = alertIdOf(show!.show_key, days[7]!);
  await waitFor(
    'the first attempt',
    async () => webhook.received.length,
    (n) => n >= 1,
  );
  webhook.setMode('ok');
  const delivered = await env.temporal.workflow
    .getHandle<typeof workflows.deliverSpikeAlert>(workflowIds.alert(alertId))
    .result();
  if (delivered !== 'delivered') throw new Error(`the alert was ${delivered}, not delivered`);
  const handle = env.temporal.workflow.getHandle<typeof workflows.showBuzz>(workflowIds.show(show!.show_key));
  await handle.signal(retireSignal, { removeData: false });
  await handle.result();
  return [
    {
      workflowType: 'deliverSpikeAlert',
      slug: 'retried-delivered',
      path: 'sends a spike alert; the webhook answers 500, the retry after backoff is taken',
      workflowId: workflowIds.alert(alertId),
      closedAs: 'Completed',
    },
    {
      workflowType: 'showBuzz',
      slug: 'spike-alert-retired',
      path: 'started by a sheet edit, computes its window, records a spike alert and starts its delivery; retired',
      workflowId: workflowIds.show(show!.show_key),
      closedAs: 'Completed',
      signals: { configChanged: 1, retire: 1 },
    },
  ];
}

/** captureJetstream: two hours from the local Jetstream server, one sealed as it passes, the other at the stop. */
async function recordCapture(env: BuzzTestEnv): Promise<Recording> {
  log('captureJetstream: two hours, then stopped…');
  const { frames } = generateJetstreamSample({ fromHour: '2026-11-20T23', hours: 2, postsPerMinute: 5, seed: 9 });
  const server = await startJetstreamServer({ log: frames });
  try {
    const handle = await startCapture(env.temporal, env.config.temporal.taskQueue, server.url, '2026-11-20T23', {
      runSeconds: 1,
    });
    const final = await captureToEnd(handle, frames.at(-1)!.time_us, 1, 60_000);
    if (final.hoursSealed !== 2) throw new Error(`the capture sealed ${final.hoursSealed} hours, expected 2`);
  } finally {
    await server.close();
  }
  return {
    workflowType: 'captureJetstream',
    slug: 'sealed-stopped',
    path: 'captures from a cursor over runs, seals the hour the stream passed, then is stopped and seals the last',
    workflowId: CAPTURE_WORKFLOW_ID,
    closedAs: 'Completed',
    signals: { stopCapture: 1 },
  };
}

/** Fetches the history, checks it took the path it is said to cover, and makes it a fixture. */
async function fixtureOf(
  env: BuzzTestEnv,
  recording: Recording,
  privatePaths: string[],
): Promise<{ name: string; fixture: HistoryFixture }> {
  const name = `${recording.workflowType}.${recording.slug}.json`;
  const handle = env.temporal.workflow.getHandle(recording.workflowId);
  const history = scrub(historyToJson(await handle.fetchHistory()));
  const type = startedType(history);
  if (type !== recording.workflowType) throw new Error(`${name}: the history is of a ${type} workflow`);
  const last = history.events[history.events.length - 1]?.eventType;
  const closed = `EVENT_TYPE_WORKFLOW_EXECUTION_${recording.closedAs.toUpperCase()}`;
  if (last !== closed) throw new Error(`${name}: the history ends with ${String(last)}, not ${closed}`);
  for (const [signal, count] of Object.entries(recording.signals ?? {})) {
    const seen = history.events.filter(
      (event) =>
        (event.workflowExecutionSignaledEventAttributes as { signalName?: string } | undefined)?.signalName === signal,
    ).length;
    if (seen < count) throw new Error(`${name}: ${seen} ${signal} signals, expected at least ${count}`);
  }
  const text = JSON.stringify(history);
  const payloads = decodedPayloads(history).join('\n');
  const leaks = [PROJECT_ROOT, os.homedir(), ...privatePaths].filter(
    (p) => p.length > 1 && (text.includes(p) || payloads.includes(p)),
  );
  if (leaks.length > 0) throw new Error(`${name}: the history names a path of this machine (${leaks.join(', ')})`);
  return {
    name,
    fixture: {
      workflowType: recording.workflowType,
      path: recording.path,
      workflowId: recording.workflowId,
      recordedAt: new Date().toISOString(),
      recordedBy: RECORD_COMMAND,
      sdk: SDK_VERSION,
      patches: patchIds(history),
      events: history.events.length,
      history,
    },
  };
}

/**
 * Makes a history fit to commit: stack traces name files relative to the checkout, and worker and
 * client identities (`pid@hostname`) lose the host name. Neither is looked at by replay.
 */
function scrub<T>(value: T): T {
  const root = `${PROJECT_ROOT}${path.sep}`;
  const walk = (node: unknown, key?: string): unknown => {
    if (typeof node === 'string') {
      if (key === 'identity') return node.replace(/@.*$/, '@recorder');
      return node.split(root).join('');
    }
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  return walk(value) as T;
}

/** Every payload of the history, decoded (payloads are base64 in the JSON form). */
function decodedPayloads(history: HistoryFixture['history']): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.metadata && typeof record.data === 'string')
      found.push(Buffer.from(record.data, 'base64').toString('utf8'));
    Object.values(record).forEach(walk);
  };
  walk(history);
  return found;
}

/** Applies the recording to the fixtures folder (planFixtureChanges); a line per change, with sizes. */
async function writeFixtures(
  recorded: { name: string; fixture: HistoryFixture }[],
  previous: LoadedFixture[],
  dropped: Set<string>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const change of planFixtureChanges(recorded, previous, dropped)) {
    const file = path.join(FIXTURES_DIR, change.name);
    if (change.action === 'remove') {
      fs.rmSync(file, { force: true });
      lines.push(`removed ${change.name}: ${change.note}`);
      continue;
    }
    await writeJson(file, change.fixture);
    const size = `${change.fixture.events} events, ${(fs.statSync(file).size / 1024).toFixed(1)} KB`;
    lines.push(`${change.name}: ${size}${change.note ? ` (${change.note})` : ''}`);
  }
  return lines;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(JSON.stringify(value), { ...options, filepath: file }));
}

/** Removes what the recording wrote: its store and archives in S3, its sheet, its indices. */
async function cleanUp(env: BuzzTestEnv, { source, sheetDir, s3 }: Place): Promise<void> {
  for (const uri of [env.config.store.uri, source]) {
    const store = openStore(uri, () => s3);
    for (const key of await store.list('').catch(() => [])) await store.delete(key);
  }
  s3.destroy();
  fs.rmSync(sheetDir, { recursive: true, force: true });
  await env.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Usage ? `error: ${error.message}` : error);
    process.exit(error instanceof Usage ? 2 : 1);
  },
);
