import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/config';
import { registerApiCommand } from './commands/api';
import { registerBuzzCommand } from './commands/buzz';
import { registerCaptureCommands } from './commands/capture';
import { registerDemoCommand } from './commands/demo';
import { registerAlertsCommand } from './commands/alerts';
import { registerExplainCommand } from './commands/explain';
import { registerIngestCommand } from './commands/ingest';
import { registerKibanaCommand } from './commands/kibana';
import { registerLeaderboardCommand } from './commands/leaderboard';
import { EXIT, presentError } from './present-error';
import { registerReindexCommand } from './commands/reindex';
import { registerWorkerCommand } from './commands/worker';
import { registerSampleDataCommand } from './commands/sample-data';
import { registerScheduleCommands } from './commands/schedule';
import { registerSentimentCommand } from './commands/sentiment';
import { registerShowsCommands } from './commands/shows';
import { registerStackCommands } from './commands/stack';

const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('buzztracker')
    .description('Measures the social-media buzz of TV show seasons around their launch.')
    .version(version)
    .exitOverride();
  registerStackCommands(program);
  registerWorkerCommand(program);
  registerIngestCommand(program);
  registerReindexCommand(program);
  registerShowsCommands(program);
  registerCaptureCommands(program);
  registerBuzzCommand(program);
  registerLeaderboardCommand(program);
  registerExplainCommand(program);
  registerAlertsCommand(program);
  registerApiCommand(program);
  registerScheduleCommands(program);
  registerKibanaCommand(program);
  registerDemoCommand(program);
  registerSampleDataCommand(program);
  registerSentimentCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // If the event loop empties while a command still awaits something that can never settle,
  // Node exits with 0 and says nothing; make that a failure that says so.
  let settled = false;
  process.once('exit', (code) => {
    if (settled || code !== 0) return;
    console.error('buzztracker: the command stopped before it finished (an operation never completed)');
    process.exitCode = 1;
  });
  try {
    await buildProgram().parseAsync(argv);
    settled = true;
  } catch (error) {
    settled = true;
    const presented = presentError(error);
    for (const line of presented.lines) console.error(line);
    process.exitCode = presented.exitCode;
    // The command is over and has said why. What it leaves open (a long poll of a workflow that
    // runs on after Ctrl-C, the Temporal runtime's log forwarding when a worker failed to start)
    // must not keep the process alive.
    if (presented.exitCode !== EXIT.ok) process.exit();
  }
}
