import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config';
import { BuzzError } from '../../domain/errors';
import { downloadVerified, extractZip } from './downloads';
import { requireJdk } from './prerequisites';
import type { LaunchSpec } from './processes';
import { installRootInfoPlugin, rootInfoPluginDigest } from './root-info-plugin';
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

function nodeSettings(dirs: { data: string; logs: string }): string {
  return [
    '# Written by `buzztracker stack up`; edits are overwritten.',
    'cluster.name: buzztracker-local',
    'node.name: buzz-local',
    'discovery.type: single-node',
    'network.host: 127.0.0.1',
    `http.port: ${ELASTICSEARCH_PORT}`,
    `transport.port: ${TRANSPORT_PORT}`,
    `path.data: ${JSON.stringify(dirs.data)}`,
    `path.logs: ${JSON.stringify(dirs.logs)}`,
    'xpack.security.enabled: false',
    '# A laptop disk that is 90% full must not turn indices read-only.',
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: true',
    '',
  ].join('\n');
}

async function installElasticsearch(stackDir: string, javaHome: string, log: (line: string) => void): Promise<string> {
  const { version, url, sha1 } = PINNED.elasticsearch;
  const installDir = path.join(stackDir, 'elasticsearch');
  const home = path.join(installDir, `elasticsearch-${version}`);
  const marker = path.join(home, '.buzz-installed');
  const wanted = `${version} ${sha1} plugin:${rootInfoPluginDigest()}`;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return home;

  log(`installing Elasticsearch ${version} from Maven Central (first run only)`);
  const zip = path.join(stackDir, 'downloads', `elasticsearch-${version}.zip`);
  await downloadVerified(url, zip, sha1);
  fs.rmSync(home, { recursive: true, force: true });
  await extractZip(zip, installDir);
  try {
    installRootInfoPlugin(home, version, javaHome, path.join(stackDir, 'build', 'root-info-plugin'));
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new BuzzError('install_failed', `Building the Elasticsearch root-info plugin failed:\n${stderr}`, {
      cause: error,
    });
  }
  fs.writeFileSync(marker, wanted);
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

export function elasticsearchService(config: Config): LocalService {
  const stackDir = config.stack.dir;
  const base = path.join(stackDir, 'elasticsearch');
  const dirs = {
    data: path.join(base, 'data'),
    logs: path.join(base, 'logs'),
    conf: path.join(base, 'config'),
    tmp: path.join(base, 'tmp'),
  };
  return {
    name: 'elasticsearch',
    externalBecause: config.elasticsearch.external ? `ELASTICSEARCH_URL=${config.elasticsearch.url}` : undefined,
    port: ELASTICSEARCH_PORT,
    endpoints: { http: config.elasticsearch.url },
    readyTimeoutMs: 180_000,
    isHealthy: () => elasticsearchAnswers(config.elasticsearch.url),
    async prepare(log): Promise<LaunchSpec> {
      const jdk = requireJdk(config.stack.javaHome);
      const home = await installElasticsearch(stackDir, jdk.home, log);
      for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
      for (const file of fs.readdirSync(path.join(home, 'config'))) {
        const target = path.join(dirs.conf, file);
        if (!fs.existsSync(target)) fs.cpSync(path.join(home, 'config', file), target, { recursive: true });
      }
      fs.writeFileSync(path.join(dirs.conf, 'elasticsearch.yml'), nodeSettings(dirs));
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
        logFile: path.join(stackDir, 'logs', 'elasticsearch.log'),
      };
    },
  };
}
