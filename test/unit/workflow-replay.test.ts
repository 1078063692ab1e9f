import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle, type WorkflowBundlePath } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { PROJECT_ROOT } from '../../config/config';
import * as workflowModule from '../../workflows';
import {
  RECORD_COMMAND,
  describeFailures,
  installQuietRuntime,
  loadFixtures,
  patchIds,
  planFixtureChanges,
  replayFixtures,
  startedType,
  type HistoryFixture,
  type LoadedFixture,
  type ReplayOutcome,
} from '../support/histories';

/**
 * Safe deploys of long-running workflows: every history recorded by `npm run histories:record`
 * (test/fixtures/histories/) must replay on the workflow code a worker would run now. A history
 * that does not stands for running executions that a deploy of this code would break with a
 * non-determinism error. Replay needs no server.
 */

installQuietRuntime();
const fixtures = loadFixtures();
const BUILT_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');
const SOURCES = ['workflows', 'domain'].map((dir) => path.join(PROJECT_ROOT, dir));
const quietLogger = (() => {
  const ignore = (): void => undefined;
  return { trace: ignore, debug: ignore, info: ignore, warn: console.warn, error: console.error, log: ignore };
})();

/** Newest modification time of the files workflow code is built from. */
function newestSource(): number {
  return Math.max(
    ...SOURCES.flatMap((dir) =>
      (fs.readdirSync(dir, { recursive: true }) as string[]).map((file) => fs.statSync(path.join(dir, file)).mtimeMs),
    ),
  );
}

/**
 * The production workflow bundle (what `npm run build` writes and workers load), unless it is
 * missing or older than a workflow source: then these sources, bundled the same way.
 */
const builtIsCurrent = fs.existsSync(BUILT_BUNDLE) && fs.statSync(BUILT_BUNDLE).mtimeMs >= newestSource();
const bundleName = builtIsCurrent ? 'dist/workflow-bundle.js' : 'workflows/ bundled from source';

async function currentBundle(): Promise<WorkflowBundle | WorkflowBundlePath> {
  if (builtIsCurrent) return { codePath: BUILT_BUNDLE };
  return bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
}

function bundleOf(file: string): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: require.resolve(file), logger: quietLogger });
}

const workflowTypes = Object.entries(workflowModule)
  .filter(([, value]) => typeof value === 'function')
  .map(([name]) => name)
  .sort();

describe('recorded workflow histories', () => {
  it(`exist for every workflow type a worker registers, and say what they cover (\`${RECORD_COMMAND}\`)`, () => {
    expect(fixtures.length).toBeGreaterThan(0);
    const covered = new Set(fixtures.map(({ fixture }) => fixture.workflowType));
    expect(workflowTypes.filter((type) => !covered.has(type))).toEqual([]);
    for (const { name, fixture } of fixtures) {
      expect([name, startedType(fixture.history)]).toEqual([name, fixture.workflowType]);
      expect([name, fixture.path.length > 10, fixture.workflowId.length > 0]).toEqual([name, true, true]);
      expect([name, patchIds(fixture.history)]).toEqual([name, fixture.patches]);
      expect([name, fixture.history.events.length]).toEqual([name, fixture.events]);
    }
  });
});

describe(`replaying every recorded history on the current workflow code (${bundleName})`, () => {
  let outcomes: ReplayOutcome[];

  beforeAll(async () => {
    outcomes = await replayFixtures(fixtures, { workflowBundle: await currentBundle() });
  }, 120_000);

  it('replays all of them', () => {
    expect(outcomes.map((o) => o.name)).toEqual(fixtures.map((f) => f.name));
    // On failure: the fixture, the type and path it covers, and the SDK's error.
    expect(describeFailures(outcomes, fixtures)).toEqual([]);
  });

  it.each(fixtures.map((f) => [f.name, f.fixture.workflowType]))(
    '%s (%s) replays without a non-determinism error',
    (name) => {
      const outcome = outcomes.find((o) => o.name === name);
      expect(outcome).toBeDefined();
      expect(outcome!.nonDeterministic).toBe(false);
      expect(outcome!.error).toBeUndefined();
    },
  );
});

describe('a change that alters the sequence of commands', () => {
  const showBuzzFixtures = fixtures.filter(({ fixture }) => fixture.workflowType === 'showBuzz');

  it('is caught: an extra activity before an existing one fails replay with a DeterminismViolationError', async () => {
    expect(showBuzzFixtures.length).toBeGreaterThan(0);
    const outcomes = await replayFixtures(showBuzzFixtures, {
      workflowBundle: await bundleOf('./replay/show-buzz-extra-activity-workflow'),
    });
    expect(outcomes).toHaveLength(showBuzzFixtures.length);
    for (const outcome of outcomes) {
      expect(outcome.error).toBeInstanceOf(DeterminismViolationError);
      expect(outcome.nonDeterministic).toBe(true);
      // The SDK names the mismatch: the recorded ensureShowIndices against the new ensureIngestIndices.
      expect(outcome.error!.message).toMatch(/[Nn]ondeterminism/);
      expect(outcome.error!.message).toContain('ensureShowIndices');
      expect(outcome.error!.message).toContain('ensureIngestIndices');
    }
  }, 120_000);

  it('is safe behind patched(): the recorded histories still replay', async () => {
    const outcomes = await replayFixtures(showBuzzFixtures, {
      workflowBundle: await bundleOf('./replay/show-buzz-patched-workflow'),
    });
    expect(describeFailures(outcomes, showBuzzFixtures)).toEqual([]);
  }, 120_000);
});

describe(`refreshing the recorded histories (${RECORD_COMMAND})`, () => {
  const fixture = (patches: string[]): HistoryFixture => ({
    workflowType: 'showBuzz',
    path: 'a path',
    workflowId: 'show-x:1',
    recordedAt: '2019-07-01T00:00:00Z',
    recordedBy: RECORD_COMMAND,
    sdk: '1.24.0',
    patches,
    events: 0,
    history: { events: [] },
  });
  const loaded = (name: string, f: HistoryFixture): LoadedFixture => ({ name, file: name, fixture: f });

  it('keeps the history from before a patch under pre-patch/<patch id>/, for the executions started before it', () => {
    const before = fixture([]);
    const after = fixture(['show-buzz-x']);
    expect(
      planFixtureChanges([{ name: 'showBuzz.a.json', fixture: after }], [loaded('showBuzz.a.json', before)], new Set()),
    ).toEqual([
      {
        action: 'write',
        name: 'pre-patch/show-buzz-x/showBuzz.a.json',
        fixture: { ...before, keptUntilDeprecated: 'show-buzz-x' },
        note: 'kept for the executions started before patch show-buzz-x',
      },
      { action: 'write', name: 'showBuzz.a.json', fixture: after },
    ]);
  });

  it('replaces a history with the same patches; removes dropped ones and ones no longer recorded, not kept ones', () => {
    const same = fixture(['p']);
    const kept = { ...fixture([]), keptUntilDeprecated: 'p' };
    const changes = planFixtureChanges(
      [{ name: 'showBuzz.a.json', fixture: same }],
      [
        loaded('showBuzz.a.json', same),
        loaded('showBuzz.gone.json', same),
        loaded('pre-patch/p/showBuzz.a.json', kept),
        loaded('pre-patch/q/showBuzz.b.json', kept),
      ],
      new Set(['pre-patch/q/showBuzz.b.json']),
    );
    expect(changes.map((c) => [c.action, c.name])).toEqual([
      ['remove', 'pre-patch/q/showBuzz.b.json'],
      ['write', 'showBuzz.a.json'],
      ['remove', 'showBuzz.gone.json'],
    ]);
  });
});
