import path from 'node:path';
import { Option, type Command } from 'commander';
import { writeSampleData, type SampleDataOptions } from '../application/sample-data';
import { dayArgument, hoursArgument, positiveInt } from './arguments';

export function registerSampleDataCommand(program: Command): void {
  program
    .command('sample-data')
    .description(
      'write realistic day archives (Twitter Stream Grab layout), a matching shows.csv and their ground truth',
    )
    .requiredOption('--out <dir>', 'folder to write into')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD', dayArgument)
    .option('--days <n>', 'number of consecutive days', positiveInt, 1)
    .option('--lines-per-minute <n>', 'average lines per one-minute member (a real day: ~2800)', positiveInt, 30)
    .option('--hours <range>', 'only these hours of each day, e.g. 0-5', hoursArgument)
    .option('--seed <n>', 'random seed: the same seed writes the same data', positiveInt, 1)
    .addOption(new Option('--format <format>', 'container of each day').choices(['tar', 'zip']).default('tar'))
    .action(async (options: SampleDataOptions) => {
      await writeSampleData(options, (line) => console.log(line));
      console.log(`sheet: ${path.join(options.out, 'shows.csv')}`);
      console.log(`ground truth: ${path.join(options.out, 'ground-truth.json')}`);
    });
}
