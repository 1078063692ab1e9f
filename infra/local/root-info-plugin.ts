import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/config';

const PLUGIN_DIR = path.join(PROJECT_ROOT, 'infra', 'elasticsearch', 'root-info-plugin');
const PLUGIN_NAME = 'buzz-root-info';

function sources(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.java')) found.push(full);
    }
  };
  walk(path.join(PLUGIN_DIR, 'src'));
  return found.sort();
}

/** A digest of the plugin's sources, so a changed plugin is rebuilt on the next `stack up`. */
export function rootInfoPluginDigest(): string {
  const hash = createHash('sha1');
  for (const file of [...sources(), path.join(PLUGIN_DIR, 'plugin-descriptor.properties')]) {
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Compiles the plugin against the jars of the Elasticsearch installation itself (no Maven
 * needed) and installs it into that installation's plugins folder.
 */
export function installRootInfoPlugin(esHome: string, esVersion: string, javaHome: string, buildDir: string): void {
  const classes = path.join(buildDir, 'classes');
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.mkdirSync(classes, { recursive: true });
  execFileSync(
    path.join(javaHome, 'bin', 'javac'),
    ['--release', '17', '-nowarn', '-cp', path.join(esHome, 'lib', '*'), '-d', classes, ...sources()],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const target = path.join(esHome, 'plugins', PLUGIN_NAME);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync(path.join(javaHome, 'bin', 'jar'), ['cf', path.join(target, `${PLUGIN_NAME}.jar`), '-C', classes, '.']);
  const descriptor = fs
    .readFileSync(path.join(PLUGIN_DIR, 'plugin-descriptor.properties'), 'utf8')
    .replaceAll('@ES_VERSION@', esVersion);
  fs.writeFileSync(path.join(target, 'plugin-descriptor.properties'), descriptor);
  fs.rmSync(buildDir, { recursive: true, force: true });
}
