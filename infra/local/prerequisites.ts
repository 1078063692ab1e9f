import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BuzzError } from '../../domain/errors';

function missing(what: string, hint: string): BuzzError {
  return new BuzzError('prerequisite_missing', `Missing prerequisite: ${what}. ${hint}`);
}

/** The command's output, or undefined when it is absent or fails. */
function run(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** python3 with the venv and ensurepip modules (Debian packages them as python3-venv). */
export function requirePython(): string {
  const python = 'python3';
  if (run(python, ['-c', 'import venv, ensurepip']) === undefined) {
    throw missing(
      'python3 with the venv module',
      'Install Python 3.9 or newer with venv (Debian/Ubuntu: apt-get install python3-venv).',
    );
  }
  return python;
}

export interface JavaHome {
  home: string;
  major: number;
}

/**
 * A JDK of version 17 or newer: Elasticsearch runs on it and `javac` builds the small
 * plugin that answers GET /. JAVA_HOME wins; otherwise the `java` on PATH.
 */
export function requireJdk(javaHomeHint: string | undefined): JavaHome {
  const hint = 'Install a JDK 17 or newer (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME.';
  let home = javaHomeHint;
  if (!home) {
    const javaOnPath = run('sh', ['-c', 'command -v java'])?.trim();
    if (!javaOnPath) throw missing('Java 17 or newer (a JDK)', hint);
    home = path.dirname(path.dirname(fs.realpathSync(javaOnPath)));
  }
  const javac = path.join(home, 'bin', 'javac');
  if (!fs.existsSync(javac)) throw missing(`a JDK with javac (found only a JRE at ${home})`, hint);
  const release = fs.existsSync(path.join(home, 'release')) ? fs.readFileSync(path.join(home, 'release'), 'utf8') : '';
  const match = /JAVA_VERSION="(\d+)/.exec(release);
  const major = match ? Number(match[1]) : 0;
  if (major < 17) throw missing(`Java 17 or newer (found ${major || 'an unknown version'} at ${home})`, hint);
  return { home, major };
}
