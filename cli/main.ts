import { Command, CommanderError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/config';
import { describeError, isBuzzError } from '../domain/errors';
import { registerApiCommand } from './api-command';
import { registerBuzzCommand } from './buzz-command';
import { registerDemoCommand } from './demo-command';
import { registerIngestCommand } from './ingest-command';
import { registerKibanaCommand } from './kibana-command';
import { registerReindexCommand } from './reindex-command';
import { registerWorkerCommand } from './worker-command';
import { registerSampleDataCommand } from './sample-data-command';
import { registerScheduleCommands } from './schedule-command';
import { registerShowsCommands } from './shows-command';
import { registerStackCommands } from './stack-command';

const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('buzztracker')
    .description('Measures the social-media buzz of TV show seasons around their launch.')
    .version(version)
    .showHelpAfterError()
    .exitOverride();
  registerStackCommands(program);
  registerWorkerCommand(program);
  registerIngestCommand(program);
  registerReindexCommand(program);
  registerShowsCommands(program);
  registerBuzzCommand(program);
  registerApiCommand(program);
  registerScheduleCommands(program);
  registerKibanaCommand(program);
  registerDemoCommand(program);
  registerSampleDataCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    console.error(isBuzzError(error) ? error.message : `buzztracker: ${describeError(error)}`);
    process.exitCode = 1;
  }
}
