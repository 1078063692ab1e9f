import type { Command } from 'commander';
import { loadConfig } from '../../config/config';
import type { Day } from '../../domain/days';
import { workflowLink } from '../../contracts/workflow-ids';
import { reindexProgress, startReindex } from '../../client/reindex';
import { type ReindexOutcome } from '../../contracts/ingest';
import { followWorkflow } from '../follow';
import { dayArgument, dayRange } from '../arguments';
import { connectClient } from '../../client/connection';
import { cliTable } from '../tables';

export function registerReindexCommand(program: Command): void {
  program
    .command('reindex')
    .description("rebuild the Elasticsearch data of some days from the store's preprocessed copy (no archive access)")
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD', dayArgument)
    .option('--to <date>', 'last day (default: --from)', dayArgument)
    .option('--wait', 'wait until done, with a progress bar')
    .action(async (options: { from: Day; to?: Day; wait?: boolean }) => {
      const config = loadConfig();
      const days = dayRange(options.from, options.to);
      const { client, close } = await connectClient(config);
      try {
        const handle = await startReindex(client, config.temporal, days);
        console.log(`started ${handle.workflowId}: ${workflowLink(config.temporal, handle.workflowId)}`);
        if (!options.wait) return;
        const outcomes = await followWorkflow<ReindexOutcome[]>(
          handle,
          { client, config },
          {
            progress: async () => {
              const done = await reindexProgress(handle);
              return {
                daysDone: done.length,
                daysTotal: days.length,
                groupsDone: done.length,
                groupsTotal: days.length,
                lines: 0,
                kept: 0,
              };
            },
          },
        );
        const table = cliTable(['day', 'outcome', 'indexed']);
        for (const o of outcomes) table.push([o.day, o.status, o.status === 'reindexed' ? o.indexed : '']);
        console.log(table.toString());
        if (outcomes.some((o) => o.status === 'not_in_store')) process.exitCode = 1;
      } finally {
        await close();
      }
    });
}
