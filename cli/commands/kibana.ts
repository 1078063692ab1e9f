import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { PROJECT_ROOT, loadConfig } from '../../config/config';
import { BuzzError } from '../../domain/errors';
import { existingFile, httpUrl } from '../arguments';
import { cliTable } from '../tables';

export const SAVED_OBJECTS = path.join(PROJECT_ROOT, 'infra', 'kibana', 'buzztracker.ndjson');

interface ImportAnswer {
  success?: boolean;
  successCount?: number;
  successResults?: { type: string; id: string; meta?: { title?: string } }[];
  errors?: { type: string; id: string; title?: string; error?: { type?: string; message?: string } }[];
  message?: string;
}

/**
 * Posts the saved objects to Kibana's import API: POST /api/saved_objects/_import?overwrite=true
 * (/s/<space>/… for a space) with the `kbn-xsrf` header and the NDJSON as the multipart field
 * `file`, as Kibana documents it.
 */
export async function importSavedObjects(options: {
  url: string;
  space?: string;
  file: string;
  apiKey?: string;
}): Promise<ImportAnswer & { status: number }> {
  const base = options.url.replace(/\/+$/, '');
  const target = `${base}${options.space ? `/s/${encodeURIComponent(options.space)}` : ''}/api/saved_objects/_import?overwrite=true`;
  const form = new FormData();
  form.append(
    'file',
    new Blob([fs.readFileSync(options.file)], { type: 'application/ndjson' }),
    path.basename(options.file),
  );
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { 'kbn-xsrf': 'true', ...(options.apiKey ? { authorization: `ApiKey ${options.apiKey}` } : {}) },
      body: form,
    });
  } catch (error) {
    throw new BuzzError('kibana_unreachable', `Kibana is not answering at ${base}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const answer = (await response.json().catch(() => ({}))) as ImportAnswer;
  return { ...answer, status: response.status };
}

export function registerKibanaCommand(program: Command): void {
  const kibana = program
    .command('kibana')
    .description('Kibana saved objects for the buzz-daily index (data view, charts, dashboard)');
  kibana
    .command('import')
    .description('import infra/kibana/buzztracker.ndjson into Kibana 8.19 and report what it answered')
    .requiredOption('--url <kibana>', 'Kibana base URL, e.g. http://localhost:5601', httpUrl)
    .option('--space <id>', 'a Kibana space (default: the default space)')
    .option('--file <path>', 'the NDJSON to import', existingFile, SAVED_OBJECTS)
    .action(async (options: { url: string; space?: string; file: string }) => {
      const answer = await importSavedObjects({ ...options, apiKey: loadConfig().kibanaApiKey });
      if (answer.status !== 200) {
        console.error(`Kibana answered HTTP ${answer.status}: ${answer.message ?? 'no message'}`);
        process.exitCode = 1;
        return;
      }
      const table = cliTable(['type', 'id', 'title', 'result']);
      for (const r of answer.successResults ?? []) table.push([r.type, r.id, r.meta?.title ?? '', 'imported']);
      for (const e of answer.errors ?? [])
        table.push([e.type, e.id, e.title ?? '', `${e.error?.type ?? 'error'} ${e.error?.message ?? ''}`.trim()]);
      console.log(table.toString());
      console.log(
        `Kibana imported ${answer.successCount ?? 0} objects${answer.errors?.length ? `, refused ${answer.errors.length}` : ''}.`,
      );
      if (!answer.success) process.exitCode = 1;
    });
}
