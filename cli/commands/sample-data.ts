import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  JETSTREAM_FILES,
  writeJetstreamSampleData,
  writeSampleData,
  type SampleDataOptions,
} from '../../simulator/sample-data';
import { BuzzError } from '../../domain/errors';
import { dayArgument, hourArgument, hoursArgument, positiveInt } from '../arguments';

interface SampleDataCommandOptions extends Omit<SampleDataOptions, 'from'> {
  from?: string;
  jetstream?: boolean;
  fromHour?: string;
  jetstreamHours?: number;
  postsPerMinute?: number;
  launch?: string;
}

export function registerSampleDataCommand(program: Command): void {
  program
    .command('sample-data')
    .description(
      'write realistic day archives (Twitter Stream Grab layout), a matching shows.csv and their ground truth; ' +
        'with --jetstream, a Bluesky Jetstream event log and its ground truth',
    )
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--from <date>', 'first day of the archives, YYYY-MM-DD', dayArgument)
    .option('--days <n>', 'number of consecutive days', positiveInt, 1)
    .option('--lines-per-minute <n>', 'average lines per one-minute member (a real day: ~2800)', positiveInt, 30)
    .option('--hours <range>', 'only these hours of each day, e.g. 0-5', hoursArgument)
    .option('--seed <n>', 'random seed: the same seed writes the same data', positiveInt, 1)
    .option(
      '--population',
      "also give each show-day's whole population of matching tweets (tweets, retweets, distinct authors) in the " +
        'ground truth: what the estimates of all tweets are checked against',
    )
    .addOption(new Option('--format <format>', 'container of each day').choices(['tar', 'zip']).default('tar'))
    .option('--jetstream', `write a Jetstream log too (or alone): ${Object.values(JETSTREAM_FILES).join(', ')}`)
    .option(
      '--from-hour <hour>',
      'first UTC hour of the Jetstream log, YYYY-MM-DDTHH (default: --from at 00)',
      hourArgument,
    )
    .option('--jetstream-hours <n>', 'hours of Jetstream log (default 6)', positiveInt)
    .option(
      '--posts-per-minute <n>',
      'mean posts per minute of the Jetstream log (the network: ~1400; default 30)',
      positiveInt,
    )
    .option('--launch <date>', 'the day the shows launch in the Jetstream log (default: its first day)', dayArgument)
    .action(async (options: SampleDataCommandOptions) => {
      const jetstreamOnly = [options.fromHour, options.jetstreamHours, options.postsPerMinute, options.launch];
      if (!options.jetstream && jetstreamOnly.some((value) => value !== undefined))
        throw new BuzzError(
          'bad_input',
          '--from-hour, --jetstream-hours, --posts-per-minute and --launch are for --jetstream: add it',
        );
      if (!options.from && !options.jetstream)
        throw new BuzzError(
          'bad_input',
          'expected --from <date> (day archives), --jetstream (a Jetstream log) or both',
        );
      const fromHour = options.fromHour ?? (options.from ? `${options.from}T00` : undefined);
      if (options.jetstream && !fromHour)
        throw new BuzzError('bad_input', '--jetstream needs --from-hour YYYY-MM-DDTHH (or --from)');
      if (options.from) {
        await writeSampleData({ ...options, from: options.from }, (line) => console.log(line));
        console.log(`sheet: ${path.join(options.out, 'shows.csv')}`);
        console.log(`ground truth: ${path.join(options.out, 'ground-truth.json')}`);
      }
      if (options.jetstream && fromHour) {
        await writeJetstreamSampleData(
          {
            out: options.out,
            fromHour,
            hours: options.jetstreamHours ?? 6,
            postsPerMinute: options.postsPerMinute ?? 30,
            seed: options.seed,
            launch: options.launch,
          },
          (line) => console.log(line),
        );
        console.log(`Jetstream log: ${path.join(options.out, JETSTREAM_FILES.log)}`);
        console.log(`Jetstream sheet: ${path.join(options.out, JETSTREAM_FILES.sheet)}`);
        console.log(`Jetstream ground truth: ${path.join(options.out, JETSTREAM_FILES.truth)}`);
      }
    });
}
