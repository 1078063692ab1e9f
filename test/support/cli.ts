import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/config';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `buzztracker` bin as a user would, with extra environment variables. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin', 'buzztracker.js'), ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
