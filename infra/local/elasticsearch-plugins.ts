import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/config';

/** A plugin the stack compiles from `infra/elasticsearch/<folder>/` and installs into the distribution. */
export interface StackPlugin {
  name: string;
  folder: string;
}

/**
 * The stand-ins for modules the Maven Central distribution lacks (see docs/getting-started.md, "The
 * local stack"): `GET /` and `HEAD /` (rest-root), and the analysis components of the security
 * index (analysis-common), without which no API key can be created.
 */
export const STACK_PLUGINS: readonly StackPlugin[] = [
  { name: 'buzz-root-info', folder: 'root-info-plugin' },
  { name: 'buzz-security-analysis', folder: 'security-analysis-plugin' },
];

function pluginDir(plugin: StackPlugin): string {
  return path.join(PROJECT_ROOT, 'infra', 'elasticsearch', plugin.folder);
}

function sources(plugin: StackPlugin): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.java')) found.push(full);
    }
  };
  walk(path.join(pluginDir(plugin), 'src'));
  return found.sort();
}

/** A digest of the plugin's sources, so a changed plugin is rebuilt on the next `stack up`. */
export function pluginDigest(plugin: StackPlugin): string {
  const hash = createHash('sha1');
  for (const file of [...sources(plugin), path.join(pluginDir(plugin), 'plugin-descriptor.properties')]) {
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Compiles the plugin against the jars of the Elasticsearch installation itself (no Maven
 * needed) and installs it into that installation's plugins folder.
 */
export function installPlugin(
  plugin: StackPlugin,
  esHome: string,
  esVersion: string,
  javaHome: string,
  buildDir: string,
): void {
  const classes = path.join(buildDir, 'classes');
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.mkdirSync(classes, { recursive: true });
  execFileSync(
    path.join(javaHome, 'bin', 'javac'),
    ['--release', '17', '-nowarn', '-cp', path.join(esHome, 'lib', '*'), '-d', classes, ...sources(plugin)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const target = path.join(esHome, 'plugins', plugin.name);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  execFileSync(path.join(javaHome, 'bin', 'jar'), ['cf', path.join(target, `${plugin.name}.jar`), '-C', classes, '.']);
  const descriptor = fs
    .readFileSync(path.join(pluginDir(plugin), 'plugin-descriptor.properties'), 'utf8')
    .replaceAll('@ES_VERSION@', esVersion);
  fs.writeFileSync(path.join(target, 'plugin-descriptor.properties'), descriptor);
  fs.rmSync(buildDir, { recursive: true, force: true });
}
