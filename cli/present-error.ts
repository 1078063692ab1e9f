import { CommanderError } from 'commander';
import { describeError, isBuzzError } from '../domain/errors';
import { StoppedFollowing, WorkflowRunFailed } from './follow';

/** The exit codes of every command (docs/operations-and-alerts.md, "Exit codes"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Input the command refuses before it starts anything: the CLI's own checks and the configuration's. */
const USAGE_CODES = new Set(['bad_input', 'config_invalid', 'api_unprotected']);

/**
 * What a command prints when it fails, and its exit code: one line with the reason (for a
 * failed workflow, its innermost cause and code, then where to see the workflow). Commander has
 * already printed its own usage errors.
 */
export function presentError(error: unknown): { lines: string[]; exitCode: number } {
  if (error instanceof CommanderError) return { lines: [], exitCode: error.exitCode === 0 ? EXIT.ok : EXIT.usage };
  if (error instanceof WorkflowRunFailed)
    return {
      lines: [`${error.message} [${error.reasonCode}]`, `  workflow ${error.workflowId}: ${error.link}`],
      exitCode: EXIT.failed,
    };
  if (error instanceof StoppedFollowing) return { lines: [error.message], exitCode: EXIT.interrupted };
  if (isBuzzError(error))
    return { lines: [error.message], exitCode: USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.failed };
  return { lines: [`buzztracker: ${describeError(error)}`], exitCode: EXIT.failed };
}
