import type { Command } from 'commander';
import { connectClient } from '../../client/connection';
import { loadConfig } from '../../config/config';
import { SOURCE_FORMS } from '../../domain/locations';
import { dayArgument, dayRange, languagesArgument, positiveInt, sourceArgument } from '../arguments';
import { ingestOneDay, ingestRange, type IngestOptions } from '../ingest-run';

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('ingest archived days of the Twitter sample stream: one workflow per day, run by the workers')
    .requiredOption('--source <uri>', `where the daily archives are: ${SOURCE_FORMS}`, sourceArgument)
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD', dayArgument)
    .option('--to <date>', 'last day (default: --from)', dayArgument)
    .option('--lang <codes>', 'languages of the statuses to keep, e.g. en,es; "*" keeps all', languagesArgument, 'en')
    .option('--force', 're-run days that were already ingested')
    .option('--wait', 'wait until done, with a progress bar; exit 1 naming any day that failed')
    .option('--day-parallelism <n>', 'days ingested at once in a range', positiveInt, 2)
    .action(async (options: IngestOptions) => {
      const config = loadConfig();
      const days = dayRange(options.from, options.to);
      const { client, close } = await connectClient(config);
      try {
        if (days.length === 1) await ingestOneDay(client, config, days[0]!, options);
        else await ingestRange(client, config, days, options);
      } finally {
        await close();
      }
    });
}
