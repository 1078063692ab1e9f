import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createElasticsearchClient } from '../../adapters/elasticsearch';
import type { Config } from '../../config/config';
import { localElasticsearchPorts } from '../../config/defaults';
import { BuzzError } from '../../domain/errors';
import { downloadVerified, extractZip } from './downloads';
import { STACK_PLUGINS, installPlugin, pluginDigest } from './elasticsearch-plugins';
import { requireJdk } from './prerequisites';
import type { LaunchSpec } from './processes';
import type { LocalService } from './service';
import { PINNED } from './versions';

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

/** What sets one node of the stack apart in its elasticsearch.yml. */
export interface NodeIdentity {
  cluster: string;
  node: string;
  httpPort: number;
  transportPort: number;
  /** The `xpack.security.*` lines. */
  security: string[];
  /** The cluster's nodes (name and transport port), when the node is one of several. */
  peers?: { node: string; transportPort: number }[];
  /** Further lines, e.g. a fault test's small thread pools. */
  settings?: string[];
}

/** A node's elasticsearch.yml: on loopback, its own folders; alone, or one of a cluster of peers. */
function nodeSettings(identity: NodeIdentity, dirs: { data: string; logs: string }): string {
  const peers = identity.peers ?? [];
  return [
    '# Written by `buzztracker stack up`; edits are overwritten.',
    `cluster.name: ${identity.cluster}`,
    `node.name: ${identity.node}`,
    ...(peers.length > 1
      ? [
          `discovery.seed_hosts: ${JSON.stringify(peers.map((peer) => `127.0.0.1:${peer.transportPort}`))}`,
          `cluster.initial_master_nodes: ${JSON.stringify(peers.map((peer) => peer.node))}`,
        ]
      : ['discovery.type: single-node']),
    'network.host: 127.0.0.1',
    `http.port: ${identity.httpPort}`,
    `transport.port: ${identity.transportPort}`,
    `path.data: ${JSON.stringify(dirs.data)}`,
    `path.logs: ${JSON.stringify(dirs.logs)}`,
    ...identity.security,
    ...(identity.settings ?? []),
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

/** A local cluster: its name, folder and its nodes' HTTP ports, in node order. */
export interface LocalCluster {
  /** The cluster's name; its first node's service is named so, the others `<name>-2` … */
  name: string;
  dir: string;
  httpPorts: number[];
  logDir: string;
  /** Further elasticsearch.yml lines for every node. */
  settings?: string[];
}

/** A local node's transport port: its HTTP port + 100 (9200 → 9300), as Elasticsearch's defaults pair them. */
const transportPortOf = (httpPort: number) => httpPort + 100;

/**
 * The services of a local Elasticsearch cluster's nodes, one process each: with one node, a
 * single-node cluster; with more, nodes that find each other on loopback and elect a master.
 * Every node holds its own data folder (`<dir>/node-<k>`), so a node stopped and started again
 * rejoins with what it held.
 */
export function clusterServices(config: Config, cluster: LocalCluster): LocalService[] {
  const names = cluster.httpPorts.map((_, i) => (i === 0 ? cluster.name : `${cluster.name}-${i + 1}`));
  const peers = names.map((node, i) => ({ node, transportPort: transportPortOf(cluster.httpPorts[i]!) }));
  return names.map((name, i) => {
    const url = `http://localhost:${cluster.httpPorts[i]}`;
    return {
      name,
      port: cluster.httpPorts[i]!,
      endpoints: { http: url },
      readyTimeoutMs: 180_000,
      isHealthy: () => elasticsearchAnswers(url),
      prepare: (log) =>
        prepareNode(
          config,
          {
            identity: {
              cluster: `buzztracker-${cluster.name}`,
              node: name,
              httpPort: cluster.httpPorts[i]!,
              transportPort: peers[i]!.transportPort,
              security: ['xpack.security.enabled: false'],
              peers,
              settings: cluster.settings,
            },
            folders: nodeFolders(names.length === 1 ? cluster.dir : path.join(cluster.dir, `node-${i + 1}`)),
            logFile: path.join(cluster.logDir, `${name}.log`),
          },
          log,
        ),
    };
  });
}

/**
 * The stack's Elasticsearch: one node on 9200 (BUZZ_ES_NODES=1), or a cluster whose first node is
 * on 9200 and the others on 9212, 9213 … (config/defaults.ts). A cluster keeps its data apart from
 * the single node's (`elasticsearch-cluster/`), since a single-node cluster cannot take new nodes.
 */
export function elasticsearchServices(config: Config): LocalService[] {
  const count = config.stack.elasticsearchNodes;
  const services = clusterServices(config, {
    name: 'elasticsearch',
    dir: path.join(config.stack.dir, count === 1 ? 'elasticsearch' : 'elasticsearch-cluster'),
    httpPorts: localElasticsearchPorts(count),
    logDir: path.join(config.stack.dir, 'logs'),
  });
  // A configured cluster is checked as BuzzTracker reaches it (its CA, its credential), and only once.
  if (config.elasticsearch.external)
    return [
      {
        ...services[0]!,
        externalBecause: `ELASTICSEARCH_URL=${config.elasticsearch.nodes.join(',')}`,
        endpoints: { http: config.elasticsearch.url },
        isHealthy: () => clientAnswers(config.elasticsearch),
      },
    ];
  return services;
}
