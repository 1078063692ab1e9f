import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createElasticsearchClient } from '../../adapters/elasticsearch';
import type { Config } from '../../config/config';
import { BuzzError } from '../../domain/errors';
import { downloadVerified, extractZip } from './downloads';
import { STACK_PLUGINS, installPlugin, pluginDigest } from './elasticsearch-plugins';
import { requireJdk } from './prerequisites';
import type { LaunchSpec } from './processes';
import type { LocalService } from './service';
import { PINNED } from './versions';

export const ELASTICSEARCH_PORT = 9200;
const TRANSPORT_PORT = 9300;
/** Elasticsearch refuses to run as root; as root we hand it to the unprivileged `nobody`. */
const NOBODY = 65534;

/** True when an Elasticsearch node answers at `url` (product header included) with a usable cluster. */
export async function elasticsearchAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await fetch(new URL('/_cluster/health', url), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok || response.headers.get('x-elastic-product') !== 'Elasticsearch') return false;
    const health = (await response.json()) as { status?: string };
    return health.status === 'green' || health.status === 'yellow';
  } catch {
    return false;
  }
}

/** What sets one node of the stack apart in its elasticsearch.yml. */
/** True when BuzzTracker's own client, with its settings, gets an answer to `HEAD /`. */
async function clientAnswers(settings: Config['elasticsearch']): Promise<boolean> {
  const es = createElasticsearchClient(settings);
  try {
    return await es.ping({}, { requestTimeout: 3_000, maxRetries: 0 });
  } catch {
    return false;
  } finally {
    await es.close();
  }
}

export interface NodeIdentity {
  cluster: string;
  node: string;
  httpPort: number;
  transportPort: number;
  /** The `xpack.security.*` lines. */
  security: string[];
}

/** A node's elasticsearch.yml: one node on loopback, its own folders. */
function nodeSettings(identity: NodeIdentity, dirs: { data: string; logs: string }): string {
  return [
    '# Written by `buzztracker stack up`; edits are overwritten.',
    `cluster.name: ${identity.cluster}`,
    `node.name: ${identity.node}`,
    'discovery.type: single-node',
    'network.host: 127.0.0.1',
    `http.port: ${identity.httpPort}`,
    `transport.port: ${identity.transportPort}`,
    `path.data: ${JSON.stringify(dirs.data)}`,
    `path.logs: ${JSON.stringify(dirs.logs)}`,
    ...identity.security,
    '# A laptop disk that is 90% full must not turn indices read-only.',
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: true',
    '',
  ].join('\n');
}

/** Installations under way in this process: nodes starting at once share one. */
const installing = new Map<string, Promise<string>>();

/**
 * Installs (once) the pinned distribution and the stack's plugins, and returns its home. One
 * installation serves every node of the stack; a changed plugin is rebuilt on its own, without
 * touching the distribution that a running node uses.
 */
export function installElasticsearch(stackDir: string, javaHome: string, log: (line: string) => void): Promise<string> {
  const home = path.join(stackDir, 'elasticsearch', `elasticsearch-${PINNED.elasticsearch.version}`);
  let pending = installing.get(home);
  if (!pending) {
    pending = install(stackDir, home, javaHome, log).finally(() => installing.delete(home));
    installing.set(home, pending);
  }
  return pending;
}

async function install(stackDir: string, home: string, javaHome: string, log: (line: string) => void): Promise<string> {
  const { version, url, sha1 } = PINNED.elasticsearch;
  const marker = path.join(home, '.buzz-installed');
  const wanted = `${version} ${sha1}`;
  // Earlier stacks appended the one plugin's digest to this marker.
  const installed = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').split(' plugin:')[0] : undefined;
  if (installed !== wanted) {
    log(`installing Elasticsearch ${version} from Maven Central (first run only)`);
    const zip = path.join(stackDir, 'downloads', `elasticsearch-${version}.zip`);
    await downloadVerified(url, zip, sha1);
    fs.rmSync(home, { recursive: true, force: true });
    await extractZip(zip, path.dirname(home));
    fs.writeFileSync(marker, wanted);
  }
  for (const plugin of STACK_PLUGINS) {
    const pluginMarker = path.join(home, `.buzz-plugin-${plugin.name}`);
    const digest = pluginDigest(plugin);
    if (fs.existsSync(pluginMarker) && fs.readFileSync(pluginMarker, 'utf8') === digest) continue;
    try {
      installPlugin(plugin, home, version, javaHome, path.join(stackDir, 'build', plugin.name));
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new BuzzError('install_failed', `Building the Elasticsearch plugin ${plugin.name} failed:\n${stderr}`, {
        cause: error,
      });
    }
    fs.writeFileSync(pluginMarker, digest);
  }
  return home;
}

function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** As root, every folder Elasticsearch writes must belong to `nobody`, and its home must be readable by it. */
function handToNobody(home: string, writable: string[]): void {
  for (const dir of writable) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, dir]);
  try {
    execFileSync('setpriv', [
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      'test',
      '-r',
      path.join(home, 'lib', 'elasticsearch-' + PINNED.elasticsearch.version + '.jar'),
    ]);
  } catch (error) {
    throw new BuzzError(
      'stack_permissions',
      `Elasticsearch cannot run as root, so the stack runs it as the user "nobody", who cannot read ${home}. ` +
        'Run the stack as a non-root user, or keep the checkout in a folder every user can enter (e.g. not under /root).',
      { cause: error },
    );
  }
}

/** The folders one node writes, each its own: config, data, logs and temporary files. */
export interface NodeFolders {
  data: string;
  logs: string;
  conf: string;
  tmp: string;
}

export function nodeFolders(base: string): NodeFolders {
  return {
    data: path.join(base, 'data'),
    logs: path.join(base, 'logs'),
    conf: path.join(base, 'config'),
    tmp: path.join(base, 'tmp'),
  };
}

/** One node of the shared installation: its settings, folders and log file. */
export interface NodeLaunch {
  identity: NodeIdentity;
  folders: NodeFolders;
  logFile: string;
  /** Adds what else the node needs to its config folder (certificates, users) before it starts. */
  configure?(installation: { home: string; javaHome: string }): void;
}

/**
 * Installs what is missing, fills the node's config folder (the distribution's defaults, then
 * its settings) and says how to start it: as `nobody`, owning its folders, when we are root.
 */
export async function prepareNode(config: Config, node: NodeLaunch, log: (line: string) => void): Promise<LaunchSpec> {
  const jdk = requireJdk(config.stack.javaHome);
  const home = await installElasticsearch(config.stack.dir, jdk.home, log);
  const dirs = node.folders;
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(path.join(home, 'config'))) {
    const target = path.join(dirs.conf, file);
    if (!fs.existsSync(target)) fs.cpSync(path.join(home, 'config', file), target, { recursive: true });
  }
  fs.writeFileSync(path.join(dirs.conf, 'elasticsearch.yml'), nodeSettings(node.identity, dirs));
  node.configure?.({ home, javaHome: jdk.home });
  const launcher = path.join(home, 'bin', 'elasticsearch');
  const asRoot = runningAsRoot();
  if (asRoot) handToNobody(home, Object.values(dirs));
  return {
    command: asRoot ? 'setpriv' : launcher,
    args: asRoot ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', launcher] : [],
    env: {
      ES_JAVA_HOME: jdk.home,
      ES_JAVA_OPTS: `-Xms${config.stack.elasticsearchHeap} -Xmx${config.stack.elasticsearchHeap}`,
      ES_PATH_CONF: dirs.conf,
      ES_TMPDIR: dirs.tmp,
    },
    // The JVM writes its error and heap-dump files to the working directory.
    cwd: dirs.logs,
    identity: launcher,
    logFile: node.logFile,
  };
}

export function elasticsearchService(config: Config): LocalService {
  const folders = nodeFolders(path.join(config.stack.dir, 'elasticsearch'));
  return {
    name: 'elasticsearch',
    externalBecause: config.elasticsearch.external ? `ELASTICSEARCH_URL=${config.elasticsearch.url}` : undefined,
    port: ELASTICSEARCH_PORT,
    endpoints: { http: config.elasticsearch.url },
    readyTimeoutMs: 180_000,
    // A configured cluster is checked as BuzzTracker reaches it: its CA, its credential.
    isHealthy: () =>
      config.elasticsearch.external
        ? clientAnswers(config.elasticsearch)
        : elasticsearchAnswers(config.elasticsearch.url),
    prepare: (log) =>
      prepareNode(
        config,
        {
          identity: {
            cluster: 'buzztracker-local',
            node: 'buzz-local',
            httpPort: ELASTICSEARCH_PORT,
            transportPort: TRANSPORT_PORT,
            security: ['xpack.security.enabled: false'],
          },
          folders,
          logFile: path.join(config.stack.dir, 'logs', 'elasticsearch.log'),
        },
        log,
      ),
  };
}
