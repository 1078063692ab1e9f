import fs from 'node:fs';
import path from 'node:path';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { DefaultLogger, Runtime, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { PROJECT_ROOT } from '../../config/config';

/**
 * Recorded workflow histories ("fixtures"): real runs of each workflow type on the local stack,
 * written by `npm run histories:record` (test/support/record-histories.ts) and only read by tests.
 * Each file says which workflow type and which path through it the history covers.
 */
export interface HistoryFixture {
  /** The workflow type (the function exported by workflows/index.ts). */
  workflowType: string;
  /** The path through the workflow this history covers, in words. */
  path: string;
  workflowId: string;
  recordedAt: string;
  recordedBy: string;
  /** Version of @temporalio/workflow that recorded it. */
  sdk: string;
  /** Ids of the patches (patched/deprecatePatch) whose markers the history holds. */
  patches: string[];
  /**
   * Set on a history kept from before a patch: it stands for executions started before the patch
   * and is deleted when the patch is deprecated (docs/contributing.md, "Changing workflows safely").
   */
  keptUntilDeprecated?: string;
  events: number;
  /** The history in Temporal's JSON form (as `temporal workflow show --output json` and the SDK's historyToJSON write it). */
  history: { events: Record<string, unknown>[] };
}

export interface LoadedFixture {
  /** Path relative to the fixtures folder, e.g. `showBuzz.edits-days-retired.json` or `pre-patch/<id>/…`. */
  name: string;
  file: string;
  fixture: HistoryFixture;
}

export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'histories');
/** Histories kept from before a patch live under pre-patch/<patch id>/. */
export const PRE_PATCH_DIR = 'pre-patch';
export const RECORD_COMMAND = 'npm run histories:record';

/** Every fixture under the folder (pre-patch/ ones included), sorted by name. */
export function loadFixtures(dir: string = FIXTURES_DIR): LoadedFixture[] {
  if (!fs.existsSync(dir)) return [];
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.endsWith('.json')).sort();
  return files.map((name) => {
    const file = path.join(dir, name);
    const fixture = JSON.parse(fs.readFileSync(file, 'utf8')) as HistoryFixture;
    return { name: name.split(path.sep).join('/'), file, fixture };
  });
}

type History = proto.temporal.api.history.v1.IHistory;
type HistoryJson = HistoryFixture['history'];
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
}

/*
 * Temporal's JSON form of a history, through the protobufjs that @temporalio/proto's classes come
 * from. The SDK's own historyToJSON/historyFromJSON (@temporalio/common/lib/proto-utils) load
 * protobufjs from @temporalio/common, and in this checkout's install (protobufjs 8 nested under
 * each @temporalio package, 7 at the top for @grpc/proto-loader) that is another copy: they throw
 * "type must be a Type". Replay gets History messages, never JSON, for the same reason.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path resolved at run time
const protojson = require(
  require.resolve('protobufjs/ext/protojson', {
    paths: [path.dirname(require.resolve('@temporalio/proto/package.json'))],
  }),
) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

/** A history as fetched (`handle.fetchHistory()`) in Temporal's JSON form. */
export function historyToJson(history: History): HistoryJson {
  return protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)) as HistoryJson;
}

/** A history in Temporal's JSON form as the message replay takes. */
export function historyFromJson(json: HistoryJson): History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}

/** The workflow type named by the history's first event (WorkflowExecutionStarted). */
export function startedType(history: HistoryJson): string | undefined {
  const attributes = history.events[0]?.workflowExecutionStartedEventAttributes as
    { workflowType?: { name?: string } } | undefined;
  return attributes?.workflowType?.name;
}

/** Patch ids of the history's patch markers (Core records a `core_patch` marker, `patch-data` = `{id, deprecated}`). */
export function patchIds(history: HistoryJson): string[] {
  const ids = new Set<string>();
  for (const event of history.events) {
    const marker = event.markerRecordedEventAttributes as
      { markerName?: string; details?: Record<string, { payloads?: { data?: string }[] }> } | undefined;
    if (marker?.markerName !== 'core_patch') continue;
    for (const payload of marker.details?.['patch-data']?.payloads ?? []) {
      const data = JSON.parse(Buffer.from(payload.data ?? '', 'base64').toString('utf8')) as { id?: string };
      if (data.id) ids.add(data.id);
    }
  }
  return [...ids].sort();
}

export type FixtureChange =
  | { action: 'write'; name: string; fixture: HistoryFixture; note?: string }
  | { action: 'remove'; name: string; note: string };

/**
 * What a recording does to the fixtures folder: each new history replaces the one of its name;
 * the old one is first kept under pre-patch/<patch id>/ when the new one carries a patch marker it
 * lacks (it stands for the executions started before the patch, until the patch is deprecated);
 * histories dropped with --allow-incompatible, and top-level ones no longer recorded, go.
 */
export function planFixtureChanges(
  recorded: { name: string; fixture: HistoryFixture }[],
  previous: LoadedFixture[],
  dropped: ReadonlySet<string>,
): FixtureChange[] {
  const changes: FixtureChange[] = [...dropped].map((name) => ({
    action: 'remove',
    name,
    note: 'no longer replays (--allow-incompatible)',
  }));
  const before = new Map(previous.map((p) => [p.name, p.fixture]));
  for (const { name, fixture } of recorded) {
    const old = before.get(name);
    const added = old && !dropped.has(name) ? fixture.patches.filter((id) => !old.patches.includes(id)) : [];
    if (old && added.length > 0) {
      const patch = added.join('+');
      changes.push({
        action: 'write',
        name: `${PRE_PATCH_DIR}/${patch}/${name}`,
        fixture: { ...old, keptUntilDeprecated: patch },
        note: `kept for the executions started before patch ${patch}`,
      });
    }
    changes.push({ action: 'write', name, fixture });
  }
  const names = new Set(recorded.map((r) => r.name));
  for (const { name } of previous)
    if (!name.includes('/') && !names.has(name) && !dropped.has(name))
      changes.push({ action: 'remove', name, note: 'no longer recorded' });
  return changes;
}

/**
 * Installs Temporal's Runtime so that it logs errors only (call before the first worker or
 * connection): replays that fail on purpose, and the recorder's expected failures, stay quiet.
 */
export function installQuietRuntime(): void {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
}

export interface ReplayOutcome {
  name: string;
  workflowType: string;
  /** Undefined when the history replayed; else the error the SDK reported. */
  error?: Error;
  nonDeterministic: boolean;
}

/**
 * Replays the fixtures on one replay worker (no server needed) and reports each one's outcome.
 * `workflows` says which workflow code: a bundle file or a module to bundle.
 */
export async function replayFixtures(
  fixtures: LoadedFixture[],
  workflows: Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath'>,
): Promise<ReplayOutcome[]> {
  if (fixtures.length === 0) return [];
  const outcomes: ReplayOutcome[] = [];
  const results = Worker.runReplayHistories(
    { ...workflows, replayName: 'buzztracker-fixtures' },
    fixtures.map(({ fixture }) => ({ workflowId: fixture.workflowId, history: historyFromJson(fixture.history) })),
  );
  let index = 0;
  for await (const result of results) {
    const { name, fixture } = fixtures[index++]!;
    outcomes.push({
      name,
      workflowType: fixture.workflowType,
      error: result.error,
      nonDeterministic: result.error instanceof DeterminismViolationError,
    });
  }
  return outcomes;
}

/** One line per failed replay: the fixture, its type and path, and what the SDK said. */
export function describeFailures(outcomes: ReplayOutcome[], fixtures: LoadedFixture[]): string[] {
  return outcomes
    .filter((outcome) => outcome.error)
    .map((outcome) => {
      const fixture = fixtures.find((f) => f.name === outcome.name)!.fixture;
      const kept = fixture.keptUntilDeprecated
        ? ` (kept from before patch "${fixture.keptUntilDeprecated}": once no execution started before it runs, delete it)`
        : '';
      return `${outcome.name} — ${fixture.workflowType}: ${fixture.path}${kept}\n    ${outcome.error!.name}: ${outcome.error!.message}`;
    });
}
