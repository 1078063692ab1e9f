import fs from 'node:fs';
import path from 'node:path';
import { DAILY_MAPPINGS, TWEET_MAPPINGS } from '../../adapters/elasticsearch-indices';
import { PROJECT_ROOT } from '../../config/config';
import { indexNames } from '../../domain/index-names';

interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: { type: string; id: string; name: string }[];
  coreMigrationVersion?: string;
  typeMigrationVersion?: string;
}

const file = path.join(PROJECT_ROOT, 'infra', 'kibana', 'buzztracker.ndjson');
const objects = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as SavedObject);
const byKey = new Map(objects.map((o) => [`${o.type}:${o.id}`, o]));
const lenses = objects.filter((o) => o.type === 'lens');

interface MappedField {
  type?: string;
  properties?: Record<string, MappedField>;
}

/** Field paths of a mapping with their type, nested ones dotted (term_counts.term) and marked. */
function mappedFields(
  properties: Record<string, MappedField>,
  prefix = '',
  inNested = false,
): [string, { type: string; inNested: boolean }][] {
  return Object.entries(properties).flatMap(([name, field]) => [
    [`${prefix}${name}`, { type: field.type ?? 'object', inNested }] as [string, { type: string; inNested: boolean }],
    ...(field.properties
      ? mappedFields(field.properties, `${prefix}${name}.`, inNested || field.type === 'nested')
      : []),
  ]);
}

const names = indexNames('buzz');
/** Each data view of the file, by id: the index pattern it must name and the mapping behind it. */
const DATA_VIEWS = {
  'buzz-daily': {
    title: names.daily,
    timeField: 'date',
    fields: new Map(mappedFields(DAILY_MAPPINGS.properties as never)),
  },
  'buzz-tweets': {
    title: names.tweetsPattern,
    timeField: 'created_at',
    fields: new Map(mappedFields(TWEET_MAPPINGS.properties as never)),
  },
} as const;
type DataViewId = keyof typeof DATA_VIEWS;

/** The visualizations with one buzz-daily document (one show, one day) per bucket. */
const ESTIMATES = 'buzztracker-lens-estimated-tweets-by-days-since-launch';
const NET_SENTIMENT = 'buzztracker-lens-net-sentiment-by-days-since-launch';
const ORGANIC = 'buzztracker-lens-organic-tweets-by-days-since-launch';
const PER_DAY = [
  'buzztracker-lens-buzz-by-days-since-launch',
  'buzztracker-lens-share-by-days-since-launch',
  ESTIMATES,
  'buzztracker-lens-pageviews-by-days-since-launch',
  NET_SENTIMENT,
  ORGANIC,
  'buzztracker-lens-daily-buzz',
];
const LEADERBOARD = 'buzztracker-lens-launch-leaderboard';
const TOP_TERMS = { 'buzztracker-lens-top-hashtags': 'hashtags', 'buzztracker-lens-top-mentions': 'mentions' };

interface LensColumn {
  label: string;
  sourceField?: string;
  operationType: string;
  isBucketed: boolean;
  dataType: string;
  filter?: { language: string; query: string };
  references?: string[];
  params?: {
    emptyAsNull?: boolean;
    size?: number;
    orderBy?: { type: string; columnId?: string };
    orderDirection?: string;
    formula?: string;
    isFormulaBroken?: boolean;
    format?: { id: string };
    tinymathAst?: { type: string; name: string; args: unknown[] };
  };
}
interface LensLayer {
  columnOrder: string[];
  columns: Record<string, LensColumn>;
}
interface LensState {
  datasourceStates: { formBased: { layers: Record<string, LensLayer> } };
  query: { language: string; query: string };
  filters: unknown[];
  visualization: Record<string, unknown>;
}

function lensState(lens: SavedObject): LensState {
  return lens.attributes.state as LensState;
}

function lensColumns(lens: SavedObject): (LensColumn & { layerId: string; columnId: string })[] {
  return Object.entries(lensState(lens).datasourceStates.formBased.layers).flatMap(([layerId, layer]) =>
    Object.entries(layer.columns).map(([columnId, column]) => ({ ...column, layerId, columnId })),
  );
}

/** The data view a Lens layer reads, through its `indexpattern-datasource-layer-<layerId>` reference. */
function dataViewOf(lens: SavedObject, layerId: string): string | undefined {
  return lens.references.find(
    (r) => r.type === 'index-pattern' && r.name === `indexpattern-datasource-layer-${layerId}`,
  )?.id;
}

function panelsOf(dashboardId: string) {
  const dashboard = byKey.get(`dashboard:${dashboardId}`)!;
  const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as {
    panelIndex: string;
    panelRefName: string;
    type: string;
    gridData: { x: number; y: number; w: number; h: number; i: string };
  }[];
  return panels.map((panel) => ({
    ...panel,
    reference: dashboard.references.find((r) => r.name === `${panel.panelIndex}:${panel.panelRefName}`),
  }));
}

describe('Kibana saved objects (infra/kibana/buzztracker.ndjson) — structure, since Kibana cannot run here', () => {
  it('holds two data views, ten Lens visualizations and two dashboards, each importable', () => {
    expect(objects.map((o) => `${o.type}:${o.id}`)).toEqual([
      'index-pattern:buzz-daily',
      'index-pattern:buzz-tweets',
      'lens:buzztracker-lens-buzz-by-days-since-launch',
      'lens:buzztracker-lens-share-by-days-since-launch',
      `lens:${ESTIMATES}`,
      'lens:buzztracker-lens-pageviews-by-days-since-launch',
      `lens:${NET_SENTIMENT}`,
      `lens:${ORGANIC}`,
      'lens:buzztracker-lens-daily-buzz',
      `lens:${LEADERBOARD}`,
      'lens:buzztracker-lens-top-hashtags',
      'lens:buzztracker-lens-top-mentions',
      'dashboard:buzztracker-dashboard',
      'dashboard:buzztracker-tweet-terms-dashboard',
    ]);
    const typeMigrationVersions: Record<string, string> = {
      'index-pattern': '8.0.0',
      lens: '8.9.0',
      dashboard: '10.2.0',
    };
    for (const o of objects) {
      expect(o).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          attributes: expect.objectContaining({ title: expect.any(String) }),
          references: expect.any(Array),
          coreMigrationVersion: '8.8.0',
          typeMigrationVersion: typeMigrationVersions[o.type],
          managed: false,
        }),
      );
    }
    expect(new Set(objects.map((o) => `${o.type}:${o.id}`)).size).toBe(objects.length);
    expect(lenses.map((o) => [o.id, o.attributes.visualizationType])).toEqual([
      ['buzztracker-lens-buzz-by-days-since-launch', 'lnsXY'],
      ['buzztracker-lens-share-by-days-since-launch', 'lnsXY'],
      [ESTIMATES, 'lnsXY'],
      ['buzztracker-lens-pageviews-by-days-since-launch', 'lnsXY'],
      [NET_SENTIMENT, 'lnsXY'],
      [ORGANIC, 'lnsXY'],
      ['buzztracker-lens-daily-buzz', 'lnsDatatable'],
      [LEADERBOARD, 'lnsDatatable'],
      ['buzztracker-lens-top-hashtags', 'lnsXY'],
      ['buzztracker-lens-top-mentions', 'lnsXY'],
    ]);
  });

  it('names the indices BuzzTracker writes in its data views, with a date field of their mapping as time field', () => {
    for (const [id, view] of Object.entries(DATA_VIEWS)) {
      expect([id, byKey.get(`index-pattern:${id}`)?.attributes]).toEqual([
        id,
        expect.objectContaining({ title: view.title, timeFieldName: view.timeField }),
      ]);
      expect([id, view.fields.get(view.timeField)?.type]).toEqual([id, 'date']);
    }
  });

  it('resolves every reference to an object in the file', () => {
    for (const o of objects) {
      for (const reference of o.references)
        expect([o.id, `${reference.type}:${reference.id}`, byKey.has(`${reference.type}:${reference.id}`)]).toEqual([
          o.id,
          `${reference.type}:${reference.id}`,
          true,
        ]);
    }
  });

  it("gives every Lens layer its data view reference, and uses only aggregatable fields of that data view's mapping", () => {
    for (const lens of lenses) {
      const state = lensState(lens);
      expect(state.datasourceStates.formBased.layers).not.toEqual({});
      for (const [layerId, layer] of Object.entries(state.datasourceStates.formBased.layers)) {
        const dataView = dataViewOf(lens, layerId);
        expect([lens.id, layerId, dataView]).toEqual([
          lens.id,
          layerId,
          expect.stringMatching(/^buzz-(daily|tweets)$/),
        ]);
        const fields = DATA_VIEWS[dataView as DataViewId].fields;
        // Lens lists, computes and saves exactly the columns of columnOrder.
        expect([lens.id, [...layer.columnOrder].sort()]).toEqual([lens.id, Object.keys(layer.columns).sort()]);
        for (const [columnId, column] of Object.entries(layer.columns)) {
          // A formula's parts name their columns in the same layer.
          for (const reference of column.references ?? [])
            expect([lens.id, columnId, reference, reference in layer.columns]).toEqual([
              lens.id,
              columnId,
              reference,
              true,
            ]);
          if (column.operationType === 'formula' || column.operationType === 'math') continue;
          // "___records___" is Lens's document count, only for Count.
          if (column.sourceField === '___records___') {
            expect([lens.id, columnId, column.operationType]).toEqual([lens.id, columnId, 'count']);
            continue;
          }
          const field = fields.get(column.sourceField ?? '');
          // Text (text_norm) is searchable, not aggregatable; Lens reads no nested field.
          expect([lens.id, columnId, column.sourceField, field?.type, field?.inNested]).toEqual([
            lens.id,
            columnId,
            column.sourceField,
            expect.not.stringMatching(/^(text|nested|object)$/),
            false,
          ]);
        }
      }
      expect(lens.references.every((r) => r.type === 'index-pattern')).toBe(true);
    }
  });

  it('plots tweets by days since launch, one line per show', () => {
    const chart = lensColumns(byKey.get('lens:buzztracker-lens-buzz-by-days-since-launch')!).map((c) => c.sourceField);
    expect(chart.sort()).toEqual(['days_since_launch', 'show_key', 'tweets']);
    const share = lensColumns(byKey.get('lens:buzztracker-lens-share-by-days-since-launch')!).map((c) => c.sourceField);
    expect(share.sort()).toEqual(['days_since_launch', 'share_of_sample', 'show_key']);
    // Wikipedia pageviews: a day's Maximum, so a day without them is a gap, never 0.
    const pageviews = lensColumns(byKey.get('lens:buzztracker-lens-pageviews-by-days-since-launch')!).map((c) => [
      c.sourceField,
      c.operationType,
    ]);
    expect(pageviews.sort()).toEqual([
      ['days_since_launch', 'range'],
      ['pageviews', 'max'],
      ['show_key', 'terms'],
    ]);
    // Net sentiment: the same, of the day's net_sentiment (absent where nothing was scored).
    const net = lensColumns(byKey.get(`lens:${NET_SENTIMENT}`)!).map((c) => [c.sourceField, c.operationType]);
    expect(net.sort()).toEqual([
      ['days_since_launch', 'range'],
      ['net_sentiment', 'max'],
      ['show_key', 'terms'],
    ]);
    // Organic tweets: the same, of the day's organic_tweets (absent on a day computed before them).
    const organic = lensColumns(byKey.get(`lens:${ORGANIC}`)!).map((c) => [c.sourceField, c.operationType]);
    expect(organic.sort()).toEqual([
      ['days_since_launch', 'range'],
      ['organic_tweets', 'max'],
      ['show_key', 'terms'],
    ]);
    for (const words of ['official accounts', 'flood', 'burst', '1% sample'])
      expect(byKey.get(`lens:${ORGANIC}`)!.attributes.description).toEqual(expect.stringContaining(words));
  });

  it('plots the estimate of all tweets by days since launch, and tables it with its interval and the authors bounds', () => {
    const chart = byKey.get(`lens:${ESTIMATES}`)!;
    expect(lensColumns(chart).map((c) => [c.sourceField, c.operationType])).toEqual(
      expect.arrayContaining([
        ['est_tweets', 'max'],
        ['days_since_launch', 'range'],
        ['show_key', 'terms'],
      ]),
    );
    expect(lensColumns(chart)).toHaveLength(3);
    // Lens draws no band: the description says where the interval is, and why a line breaks.
    for (const words of ['est_tweets_low', 'Daily buzz', 'not the 1% sample', 'Missing values: Hide'])
      expect(chart.attributes.description).toEqual(expect.stringContaining(words));
    const table = lensColumns(byKey.get('lens:buzztracker-lens-daily-buzz')!).map((c) => c.sourceField);
    expect(table).toEqual(
      expect.arrayContaining([
        'est_tweets',
        'est_tweets_low',
        'est_tweets_high',
        'est_unique_authors_low',
        'est_unique_authors_high',
      ]),
    );
  });

  it('never turns a day with nothing ingested into 0, nor hides a real 0, and marks partial days in the table', () => {
    // buzz-daily has no metric field on a day with nothing ingested. Per bucket (one show, one
    // day: one document) Max and Average give null there and the day's value elsewhere; Sum gives
    // 0 (Lens reads an empty sum as 0), and its "Hide zero values" (emptyAsNull) hides real zeros.
    // The launch leaderboard's window sums are another matter: see the next test.
    for (const id of PER_DAY) {
      const lens = byKey.get(`lens:${id}`)!;
      expect(dataViewOf(lens, Object.keys(lensState(lens).datasourceStates.formBased.layers)[0]!)).toBe('buzz-daily');
      for (const column of lensColumns(lens))
        if (!column.isBucketed)
          expect([id, column.sourceField, column.operationType, column.params?.emptyAsNull]).toEqual([
            id,
            column.sourceField,
            expect.stringMatching(/^(max|average)$/),
            undefined,
          ]);
    }
    for (const id of [
      'buzztracker-lens-buzz-by-days-since-launch',
      'buzztracker-lens-share-by-days-since-launch',
      ESTIMATES,
      'buzztracker-lens-pageviews-by-days-since-launch',
      NET_SENTIMENT,
      ORGANIC,
    ]) {
      const visualization = lensState(byKey.get(`lens:${id}`)!).visualization;
      // "Missing values: Hide": no line drawn across a day without data.
      expect([id, visualization.fittingFunction]).toEqual([id, 'None']);
    }
    const table = byKey.get('lens:buzztracker-lens-daily-buzz')!;
    expect(lensColumns(table).map((c) => c.sourceField)).toContain('data_complete');
    // Sum lives in the leaderboard only, and Count only there and in the tweet charts.
    for (const lens of lenses.filter((o) => !PER_DAY.includes(o.id) && o.id !== LEADERBOARD))
      for (const column of lensColumns(lens))
        if (!column.isBucketed) expect([lens.id, column.operationType]).toEqual([lens.id, 'count']);
  });

  it('ranks the shows over launch week in the leaderboard: window sums over the days with data, share as a formula', () => {
    const lens = byKey.get(`lens:${LEADERBOARD}`)!;
    const state = lensState(lens);
    // The window is the visualization's query, which the user edits for another window.
    expect(state.query).toEqual({ language: 'kuery', query: 'days_since_launch >= 0 and days_since_launch <= 6' });
    expect(state.filters).toEqual([]);
    expect(lens.attributes.description).toEqual(expect.stringContaining('Change the query for another window'));
    // Unique authors cannot be summed over days: left out, and said so.
    expect(lens.attributes.description).toEqual(expect.stringContaining('Unique authors'));
    expect(lens.attributes.description).toEqual(expect.stringContaining('GET /api/leaderboard'));

    const [layerId, layer] = Object.entries(state.datasourceStates.formBased.layers)[0]!;
    expect(dataViewOf(lens, layerId)).toBe('buzz-daily');
    const c = layer.columns;
    expect(c.show).toMatchObject({
      isBucketed: true,
      operationType: 'terms',
      sourceField: 'show_key',
      params: { orderBy: { type: 'column', columnId: 'tweets' }, orderDirection: 'desc', otherBucket: false },
    });
    expect(c.show!.params!.size).toBeGreaterThanOrEqual(500);
    // A window's tweets: the sum of its days with data. 0 stays 0 ("Hide zero values" off), and
    // "Days with data" beside it tells a window without data from a quiet one.
    expect(c.tweets).toMatchObject({ operationType: 'sum', sourceField: 'tweets', params: { emptyAsNull: false } });
    expect(c.peak).toMatchObject({ operationType: 'max', sourceField: 'tweets' });
    expect(c.days).toMatchObject({ operationType: 'count', sourceField: 'tweets', params: { emptyAsNull: false } });
    expect(c.complete).toMatchObject({
      operationType: 'count',
      sourceField: '___records___',
      filter: { language: 'kuery', query: 'data_complete: true' },
      params: { emptyAsNull: false },
    });
    expect(c.days!.filter).toBeUndefined();

    // sum(tweets) / sum(statuses_in_sample): a formula column, its math part, and the two sums.
    expect(c.share).toMatchObject({
      operationType: 'formula',
      params: {
        formula: 'sum(tweets) / sum(statuses_in_sample)',
        isFormulaBroken: false,
        format: { id: 'percent' },
      },
      references: ['shareX2'],
    });
    expect(c.shareX2).toMatchObject({
      operationType: 'math',
      params: { tinymathAst: { type: 'function', name: 'divide', args: ['shareX0', 'shareX1'] } },
      references: ['shareX0', 'shareX1'],
    });
    expect(c.shareX0).toMatchObject({ operationType: 'sum', sourceField: 'tweets', params: { emptyAsNull: false } });
    expect(c.shareX1).toMatchObject({
      operationType: 'sum',
      sourceField: 'statuses_in_sample',
      params: { emptyAsNull: false },
    });
    // No other Sum, and nothing of unique_authors (a sum of daily distinct counts is not distinct).
    expect(
      Object.entries(c)
        .filter(([, column]) => column.operationType === 'sum')
        .map(([id]) => id)
        .sort(),
    ).toEqual(['shareX0', 'shareX1', 'tweets']);
    expect(Object.values(c).map((column) => column.sourceField)).not.toContain('unique_authors');

    // The table shows the six columns (not the formula's parts), sorted by the window's tweets.
    expect(state.visualization).toMatchObject({
      layerId,
      layerType: 'data',
      sorting: { columnId: 'tweets', direction: 'desc' },
    });
    expect((state.visualization.columns as { columnId: string }[]).map((column) => column.columnId)).toEqual([
      'show',
      'tweets',
      'share',
      'peak',
      'days',
      'complete',
    ]);
  });

  it('charts the top 20 hashtags and mentions of the tweets the query bar selects, and says how to select them', () => {
    for (const [id, field] of Object.entries(TOP_TERMS)) {
      const lens = byKey.get(`lens:${id}`)!;
      const state = lensState(lens);
      const [layerId, layer] = Object.entries(state.datasourceStates.formBased.layers)[0]!;
      expect([id, dataViewOf(lens, layerId)]).toEqual([id, 'buzz-tweets']);
      expect([id, layer.columns.term]).toEqual([
        id,
        expect.objectContaining({
          isBucketed: true,
          operationType: 'terms',
          sourceField: field,
          params: expect.objectContaining({
            size: 20,
            orderBy: { type: 'column', columnId: 'tweets' },
            orderDirection: 'desc',
            otherBucket: false,
          }),
        }),
      ]);
      // Tweets carrying the term: documents, not values (value_count would count every tag of them).
      expect([id, layer.columns.tweets]).toEqual([
        id,
        expect.objectContaining({ operationType: 'count', sourceField: '___records___' }),
      ]);
      // Whatever the query bar selects: nothing fixed in the visualization.
      expect([id, state.query, state.filters]).toEqual([id, { language: 'kuery', query: '' }, []]);
      expect([id, state.visualization.layers]).toEqual([
        id,
        [expect.objectContaining({ layerId, xAccessor: 'term', accessors: ['tweets'] })],
      ]);
      for (const words of ['text_norm:"zephyrine hollow"', 'time picker', 'explain', 'frequency'])
        expect([id, lens.attributes.description]).toEqual([id, expect.stringContaining(words)]);
    }
    expect(DATA_VIEWS['buzz-tweets'].fields.get('text_norm')?.type).toBe('text');
  });

  it('has dashboards whose every panel points, through a named reference, at a visualization of the file', () => {
    const expected = {
      'buzztracker-dashboard': {
        panels: [
          'buzztracker-lens-buzz-by-days-since-launch',
          'buzztracker-lens-share-by-days-since-launch',
          ESTIMATES,
          'buzztracker-lens-daily-buzz',
          LEADERBOARD,
          'buzztracker-lens-pageviews-by-days-since-launch',
          NET_SENTIMENT,
          ORGANIC,
        ],
        dataView: 'buzz-daily',
      },
      // The tweet terms on their own: their query (text_norm:"…") would empty buzz-daily panels.
      'buzztracker-tweet-terms-dashboard': {
        panels: ['buzztracker-lens-top-hashtags', 'buzztracker-lens-top-mentions'],
        dataView: 'buzz-tweets',
      },
    };
    for (const [dashboardId, { panels: ids, dataView }] of Object.entries(expected)) {
      const panels = panelsOf(dashboardId);
      expect([dashboardId, panels.map((panel) => panel.reference?.id)]).toEqual([dashboardId, ids]);
      expect(byKey.get(`dashboard:${dashboardId}`)!.references).toHaveLength(panels.length);
      for (const panel of panels) {
        expect(panel.reference).toMatchObject({ type: 'lens' });
        expect(panel).toMatchObject({ type: 'lens', panelIndex: panel.gridData.i });
        const lens = byKey.get(`lens:${panel.reference!.id}`)!;
        for (const layerId of Object.keys(lensState(lens).datasourceStates.formBased.layers))
          expect([lens.id, dataViewOf(lens, layerId)]).toEqual([lens.id, dataView]);
      }
      // Panels within the 48 columns of the grid, none over another.
      for (const [i, a] of panels.entries()) {
        expect(a.gridData.x + a.gridData.w).toBeLessThanOrEqual(48);
        for (const b of panels.slice(i + 1)) {
          const apart =
            a.gridData.x + a.gridData.w <= b.gridData.x ||
            b.gridData.x + b.gridData.w <= a.gridData.x ||
            a.gridData.y + a.gridData.h <= b.gridData.y ||
            b.gridData.y + b.gridData.h <= a.gridData.y;
          expect([a.panelIndex, b.panelIndex, apart]).toEqual([a.panelIndex, b.panelIndex, true]);
        }
      }
    }
  });
});
