import fs from 'node:fs';
import { SAVED_OBJECTS } from '../../cli/commands/kibana';
import { runCli } from '../support/cli';
import { startKibanaImportServer } from '../support/kibana-import-server';

describe('buzztracker kibana import, against a local server checking the documented import request shape (Kibana cannot run here)', () => {
  it('posts the NDJSON as multipart "file" with kbn-xsrf, to the space asked for, and reports what Kibana imported', async () => {
    const kibana = await startKibanaImportServer((objects) => ({
      success: true,
      successCount: objects.length,
      successResults: objects.map((o) => ({ type: o.type, id: o.id, meta: { title: o.attributes.title } })),
    }));
    try {
      const result = await runCli(['kibana', 'import', '--url', `${kibana.url}/`, '--space', 'marketing']);
      expect(result.code).toBe(0);
      expect(kibana.requests).toEqual([
        {
          method: 'POST',
          path: '/s/marketing/api/saved_objects/_import',
          query: { overwrite: 'true' },
          xsrf: 'true',
          fileName: 'buzztracker.ndjson',
          fileType: 'application/ndjson',
          content: fs.readFileSync(SAVED_OBJECTS, 'utf8'),
        },
      ]);
      expect(result.stdout).toContain('Kibana imported 14 objects.');
      expect(result.stdout).toMatch(/dashboard +│ buzztracker-dashboard +│ BuzzTracker +│ imported/);
    } finally {
      await kibana.close();
    }
  });

  it('exits 1 and names the objects Kibana refused', async () => {
    const kibana = await startKibanaImportServer((objects) => ({
      success: false,
      successCount: objects.length - 1,
      successResults: objects.slice(1).map((o) => ({ type: o.type, id: o.id, meta: { title: o.attributes.title } })),
      errors: [{ type: 'index-pattern', id: 'buzz-daily', title: 'buzz-daily', error: { type: 'conflict' } }],
    }));
    try {
      const result = await runCli(['kibana', 'import', '--url', kibana.url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/index-pattern +│ buzz-daily +│ buzz-daily +│ conflict/);
      expect(result.stdout).toContain('Kibana imported 13 objects, refused 1.');
      expect(kibana.requests[0]!.path).toBe('/api/saved_objects/_import');
    } finally {
      await kibana.close();
    }
  });
});
