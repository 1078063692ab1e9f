import fs from 'node:fs';
import path from 'node:path';
import { DAILY_MAPPINGS } from '../../adapters/elasticsearch-indices';
import { PROJECT_ROOT } from '../../config/config';

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

/** Field paths of the buzz-daily mapping, nested ones dotted (term_counts.term). */
function mappedFields(properties: Record<string, { properties?: Record<string, unknown> }>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([name, field]) => [
    `${prefix}${name}`,
    ...(field.properties
      ? mappedFields(field.properties as Record<string, { properties?: Record<string, unknown> }>, `${prefix}${name}.`)
      : []),
  ]);
}
const fields = new Set(mappedFields(DAILY_MAPPINGS.properties as never));

interface LensColumn {
  sourceField?: string;
  operationType: string;
  isBucketed: boolean;
  params?: { emptyAsNull?: boolean };
}

function lensColumns(lens: SavedObject): { layerId: string; sourceField?: string }[] {
  const layers = (
    lens.attributes.state as {
      datasourceStates: {
        formBased: { layers: Record<string, { columns: Record<string, { sourceField?: string }> }> };
      };
    }
  ).datasourceStates.formBased.layers;
  return Object.entries(layers).flatMap(([layerId, layer]) =>
    Object.values(layer.columns).map((column) => ({ layerId, sourceField: column.sourceField })),
  );
}

describe('Kibana saved objects (infra/kibana/buzztracker.ndjson) — structure, since Kibana cannot run here', () => {
  it('holds a data view for buzz-daily, three Lens visualizations and a dashboard, each importable', () => {
    expect(objects.map((o) => o.type)).toEqual(['index-pattern', 'lens', 'lens', 'lens', 'dashboard']);
    for (const o of objects) {
      expect(o).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          attributes: expect.any(Object),
          references: expect.any(Array),
          coreMigrationVersion: expect.stringMatching(/^8\./),
          typeMigrationVersion: expect.any(String),
        }),
      );
    }
    expect(byKey.get('index-pattern:buzz-daily')!.attributes).toMatchObject({
      title: 'buzz-daily',
      timeFieldName: 'date',
    });
    expect(objects.filter((o) => o.type === 'lens').map((o) => o.attributes.visualizationType)).toEqual([
      'lnsXY',
      'lnsXY',
      'lnsDatatable',
    ]);
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

  it('gives every Lens layer its data view reference, and uses only fields of the buzz-daily mapping', () => {
    expect(fields.has((byKey.get('index-pattern:buzz-daily')!.attributes.timeFieldName as string) ?? '')).toBe(true);
    for (const lens of objects.filter((o) => o.type === 'lens')) {
      const columns = lensColumns(lens);
      expect(columns.length).toBeGreaterThan(1);
      for (const layerId of new Set(columns.map((c) => c.layerId))) {
        expect(lens.references).toContainEqual({
          type: 'index-pattern',
          id: 'buzz-daily',
          name: `indexpattern-datasource-layer-${layerId}`,
        });
      }
      for (const { sourceField } of columns)
        if (sourceField) expect([lens.id, sourceField, fields.has(sourceField)]).toEqual([lens.id, sourceField, true]);
    }
  });

  it('plots tweets by days since launch, one line per show', () => {
    const chart = lensColumns(byKey.get('lens:buzztracker-lens-buzz-by-days-since-launch')!).map((c) => c.sourceField);
    expect(chart.sort()).toEqual(['days_since_launch', 'show_key', 'tweets']);
    const share = lensColumns(byKey.get('lens:buzztracker-lens-share-by-days-since-launch')!).map((c) => c.sourceField);
    expect(share.sort()).toEqual(['days_since_launch', 'share_of_sample', 'show_key']);
  });

  it('never turns a day with nothing ingested into 0, nor hides a real 0, and marks partial days in the table', () => {
    // buzz-daily has no metric field on a day with nothing ingested. Per bucket (one show, one
    // day: one document) Max and Average give null there and the day's value elsewhere; Sum gives
    // 0 (Lens reads an empty sum as 0), and its "Hide zero values" (emptyAsNull) hides real zeros.
    for (const lens of objects.filter((o) => o.type === 'lens')) {
      const layers = (
        lens.attributes.state as {
          datasourceStates: { formBased: { layers: Record<string, { columns: Record<string, LensColumn> }> } };
        }
      ).datasourceStates.formBased.layers;
      for (const column of Object.values(layers).flatMap((layer) => Object.values(layer.columns)))
        if (!column.isBucketed)
          expect([lens.id, column.sourceField, column.operationType, column.params?.emptyAsNull]).toEqual([
            lens.id,
            column.sourceField,
            expect.stringMatching(/^(max|average)$/),
            undefined,
          ]);
    }
    for (const id of ['buzztracker-lens-buzz-by-days-since-launch', 'buzztracker-lens-share-by-days-since-launch']) {
      const visualization = (byKey.get(`lens:${id}`)!.attributes.state as { visualization: Record<string, unknown> })
        .visualization;
      // "Missing values: Hide": no line drawn across a day without data.
      expect([id, visualization.fittingFunction]).toEqual([id, 'None']);
    }
    const table = byKey.get('lens:buzztracker-lens-daily-buzz')!;
    expect(lensColumns(table).map((c) => c.sourceField)).toContain('data_complete');
  });

  it('has a dashboard whose every panel points, through a named reference, at a visualization of the file', () => {
    const dashboard = byKey.get('dashboard:buzztracker-dashboard')!;
    const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as {
      panelIndex: string;
      panelRefName: string;
      type: string;
    }[];
    expect(panels).toHaveLength(3);
    for (const panel of panels) {
      const reference = dashboard.references.find((r) => r.name === `${panel.panelIndex}:${panel.panelRefName}`);
      expect(reference).toMatchObject({ type: 'lens' });
      expect(byKey.has(`lens:${reference!.id}`)).toBe(true);
    }
  });
});
