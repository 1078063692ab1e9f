import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, loadConfig, type Config } from '../../config/config';
import { BuzzError, describeError } from '../../domain/errors';
import { downloadVerified, extractZip } from './downloads';
import { requireJdk } from './prerequisites';
import { isAlive } from './processes';
import testServerLock from './temporal-test-server.lock.json';
import { PINNED } from './versions';

/**
 * Temporal's time-skipping test server, for the workflow unit tests, without Temporal's download
 * site: `@temporalio/testing` would fetch a native build of it from temporal.download, but the
 * same server is the Java SDK's `io.temporal:temporal-test-server` on Maven Central. Its jars
 * (the artifact and its runtime dependencies, as Maven resolves them) are listed with their
 * SHA-1s in `temporal-test-server.lock.json`; the first use downloads them into
 * `<stack>/test-server/` and writes a launcher script that runs the server on the project's JDK.
 * `TestWorkflowEnvironment.createTimeSkipping` starts that script as an `existing-path` executable
 * with the port as its argument, and stops it with SIGKILL; the script then stops java, as it does
 * when the process that started it dies without stopping it (an interrupted test run).
 *
 * Refreshing the lock file after a version change in versions.ts (Maven resolves the dependencies;
 * `mvn` from PATH, or Apache Maven downloaded from Maven Central into the stack folder):
 *
 *     node -r ./test/support/ts-register.js infra/local/test-server.ts --refresh-lock
 */

const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
const ARTIFACT = `io.temporal:temporal-test-server:${PINNED.temporalTestServer.version}`;
const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2/';
const LOCK_FILE = 'infra/local/temporal-test-server.lock.json';
const REFRESH_COMMAND = `node -r ./test/support/ts-register.js infra/local/test-server.ts --refresh-lock`;
/** A short-lived server: start fast (about 0.5 s to listening) rather than run fast. */
const JVM_OPTIONS = [
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Xmx512m',
  '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
  '-Dorg.slf4j.simpleLogger.showDateTime=true',
];
const MARKER = '.buzz-installed';
const DOWNLOADS_AT_ONCE = 6;
const DOWNLOAD_ATTEMPTS = 3;
/**
 * The server logs through slf4j 1.7 without a binding (it would print nothing): slf4j-simple of
 * the same version writes its warnings and errors to the log file.
 */
const LOG_BINDING = 'org.slf4j:slf4j-simple:1.7.36';
/** A pinned maven-dependency-plugin, so that the Maven version does not choose it. */
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export interface TestServerLock {
  artifact: string;
  about?: string;
  /** Paths under Maven Central's root (the repository layout), in classpath order. */
  jars: { path: string; sha1: string }[];
}

export interface TestServerInstallation {
  /** `<launcher> <port> [--enable-time-skipping]`: what `existing-path` runs. */
  launcher: string;
  /** Where the server's output goes (appended by every start). */
  logFile: string;
}

function installationDir(stackDir: string): string {
  return path.join(stackDir, 'test-server', `temporal-test-server-${PINNED.temporalTestServer.version}`);
}

function readMarker(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, MARKER), 'utf8');
  } catch {
    return undefined;
  }
}

function checkedLock(lock: TestServerLock): TestServerLock {
  if (lock.artifact !== ARTIFACT || lock.jars.length === 0) {
    throw new BuzzError(
      'install_failed',
      `${LOCK_FILE} lists ${lock.artifact}, but versions.ts pins ${ARTIFACT}: refresh it with \`${REFRESH_COMMAND}\``,
    );
  }
  return lock;
}

/** Identifies an installation: the jars it holds. */
function lockDigest(lock: TestServerLock): string {
  return createHash('sha1')
    .update(lock.jars.map((jar) => `${jar.path} ${jar.sha1}\n`).join(''))
    .digest('hex');
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Writes `file` atomically, and only when its content changes (other test processes may be reading it). */
function writeIfChanged(file: string, content: string, mode: number): void {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {
    // not written yet
  }
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode });
  fs.renameSync(temporary, file);
}

/** Staging folders of installations whose process died (an interrupted first run). */
function removeAbandonedStaging(home: string): void {
  const prefix = `${path.basename(home)}.staging-`;
  for (const name of fs.existsSync(path.dirname(home)) ? fs.readdirSync(path.dirname(home)) : []) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (!isAlive(pid)) fs.rmSync(path.join(path.dirname(home), name), { recursive: true, force: true });
  }
}

/** One jar, tried a few times: a first run must not fail on one dropped connection. */
async function downloadJar(jar: TestServerLock['jars'][number], dir: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadVerified(MAVEN_CENTRAL + jar.path, path.join(dir, 'lib', jar.path), jar.sha1);
    } catch (error) {
      if (attempt === DOWNLOAD_ATTEMPTS) {
        throw new BuzzError(
          'download_failed',
          `Downloading Temporal's test server from Maven Central failed (${MAVEN_CENTRAL + jar.path}, ${DOWNLOAD_ATTEMPTS} attempts): ${describeError(error)}`,
          { cause: error, retryable: true },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000 * attempt));
    }
  }
}

/**
 * Downloads every jar of the lock into a staging folder of this process (a few at a time), then
 * moves it into place in one rename, so that an interrupted download never looks installed.
 */
async function install(home: string, lock: TestServerLock, digest: string): Promise<void> {
  removeAbandonedStaging(home);
  const staging = `${home}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const queue = [...lock.jars];
    await Promise.all(
      Array.from({ length: DOWNLOADS_AT_ONCE }, async () => {
        for (let jar = queue.shift(); jar; jar = queue.shift()) await downloadJar(jar, staging);
      }),
    );
    fs.writeFileSync(path.join(staging, MARKER), digest);
    if (fs.existsSync(home) && readMarker(home) !== digest) fs.rmSync(home, { recursive: true, force: true });
    try {
      fs.renameSync(staging, home);
    } catch (error) {
      if (readMarker(home) !== digest) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Installs unless another process is installing right now (test files start at once): then waits
 * for it and uses its installation. The lock file holds the installer's pid; a dead one's is taken
 * over. Staging folders make this safe even when two processes do install at once.
 */
async function installOnce(
  home: string,
  lock: TestServerLock,
  digest: string,
  log: (line: string) => void,
): Promise<void> {
  const lockFile = `${home}.lock`;
  fs.mkdirSync(path.dirname(home), { recursive: true });
  let announced = false;
  for (;;) {
    if (readMarker(home) === digest) return;
    const mine = `${lockFile}.${process.pid}`;
    fs.writeFileSync(mine, String(process.pid));
    try {
      fs.linkSync(mine, lockFile); // atomic: fails when another process holds the lock
    } catch (error) {
      // No hard links here (some file systems): install without the lock; staging keeps it safe.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return install(home, lock, digest);
      let owner: number;
      try {
        owner = Number(fs.readFileSync(lockFile, 'utf8'));
      } catch {
        continue; // released meanwhile
      }
      if (!isAlive(owner)) fs.rmSync(lockFile, { force: true });
      else {
        if (!announced) log(`waiting for process ${owner}, which is installing Temporal's test server`);
        announced = true;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      continue;
    } finally {
      fs.rmSync(mine, { force: true });
    }
    try {
      if (readMarker(home) === digest) return;
      log(`installing Temporal's test server ${PINNED.temporalTestServer.version} from Maven Central (first run only)`);
      return await install(home, lock, digest);
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  }
}

/** Where the local stack keeps its tools, and the JDK to run them with (BUZZ_JAVA_HOME). */
type LocalStack = Pick<Config['stack'], 'dir' | 'javaHome'>;

/**
 * Makes sure the pinned test server is installed in `<stackDir>/test-server/` (downloading it the
 * first time, about 38 MB) and returns its launcher. Later calls only compare a marker file.
 */
export async function ensureTestServer(
  stack: LocalStack,
  log: (line: string) => void,
): Promise<TestServerInstallation> {
  const stackDir = stack.dir;
  const lock = checkedLock(testServerLock);
  const jdk = requireJdk(stack.javaHome);
  const home = installationDir(stackDir);
  const digest = lockDigest(lock);
  if (readMarker(home) !== digest) await installOnce(home, lock, digest, log);

  const logFile = path.join(stackDir, 'logs', 'temporal-test-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const classpath = lock.jars.map((jar) => path.join(home, 'lib', jar.path)).join(path.delimiter);
  const launcher = path.join(home, 'temporal-test-server');
  const command = [path.join(jdk.home, 'bin', 'java'), ...JVM_OPTIONS, '-cp', classpath, TEST_SERVER_MAIN_CLASS];
  writeIfChanged(
    launcher,
    [
      '#!/bin/sh',
      "# Written by infra/local/test-server.ts: Temporal's time-skipping test server on the JDK.",
      '# Usage: temporal-test-server <port> [--enable-time-skipping]. The server stops when this',
      '# script is killed (the SDK stops it with SIGKILL) or when the process that started it ends',
      '# (a test run interrupted), checked every second.',
      `exec >>${shellQuote(logFile)} 2>&1`,
      'parent=$PPID',
      `${command.map(shellQuote).join(' ')} "$@" &`,
      'server=$!',
      '(while kill -0 $$ 2>/dev/null && kill -0 "$parent" 2>/dev/null; do sleep 1; done; kill "$server" 2>/dev/null) &',
      'wait "$server"',
      '',
    ].join('\n'),
    0o755,
  );
  return { launcher, logFile };
}

/** `mvn` from PATH, else Apache Maven from Maven Central, unpacked into the stack folder. */
async function findMaven(stackDir: string, log: (line: string) => void): Promise<string> {
  try {
    execFileSync('mvn', ['--version'], { stdio: 'ignore' });
    return 'mvn';
  } catch {
    const { version, url, sha1 } = PINNED.maven;
    const home = path.join(stackDir, 'test-server', `apache-maven-${version}`);
    const mvn = path.join(home, 'bin', 'mvn');
    if (!fs.existsSync(mvn)) {
      log(`no mvn on PATH: downloading Apache Maven ${version} from Maven Central`);
      const zip = path.join(stackDir, 'downloads', `apache-maven-${version}-bin.zip`);
      await downloadVerified(url, zip, sha1);
      await extractZip(zip, path.dirname(home));
    }
    return mvn;
  }
}

function jarsUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.jar'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/**
 * Resolves the pinned test server's runtime dependencies with Maven (strict checksums, a fresh
 * local repository under the stack folder) and writes the lock file: every jar's repository path
 * and SHA-1.
 */
export async function refreshTestServerLock(stack: LocalStack, log: (line: string) => void): Promise<TestServerLock> {
  const jdk = requireJdk(stack.javaHome);
  const work = path.join(stack.dir, 'test-server', 'lock');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const dependency = (coordinates: string): string => {
    const [groupId, artifactId, version] = coordinates.split(':');
    return `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  };
  const pom = path.join(work, 'pom.xml');
  fs.writeFileSync(
    pom,
    [
      '<project xmlns="http://maven.apache.org/POM/4.0.0">',
      '  <modelVersion>4.0.0</modelVersion>',
      '  <groupId>buzztracker</groupId>',
      '  <artifactId>temporal-test-server-lock</artifactId>',
      '  <version>0</version>',
      '  <packaging>pom</packaging>',
      '  <dependencies>',
      dependency(ARTIFACT),
      dependency(LOG_BINDING),
      '  </dependencies>',
      '</project>',
      '',
    ].join('\n'),
  );
  const mvn = await findMaven(stack.dir, log);
  const jarsDir = path.join(work, 'jars');
  log(`resolving ${ARTIFACT} with ${mvn}`);
  execFileSync(
    mvn,
    [
      '--batch-mode',
      '--quiet',
      '--strict-checksums',
      `-Dmaven.repo.local=${path.join(work, 'repository')}`,
      '--file',
      pom,
      `${DEPENDENCY_PLUGIN}:copy-dependencies`,
      `-DoutputDirectory=${jarsDir}`,
      '-Dmdep.useRepositoryLayout=true',
      '-DincludeScope=runtime',
    ],
    { stdio: 'inherit', env: { ...process.env, JAVA_HOME: jdk.home } },
  );
  const lock: TestServerLock = {
    artifact: ARTIFACT,
    about: `Written by \`${REFRESH_COMMAND}\`: the runtime classpath of ${ARTIFACT} on Maven Central.`,
    jars: await Promise.all(
      jarsUnder(jarsDir).map(async (jar) => ({
        path: jar,
        sha1: createHash('sha1')
          .update(await fs.promises.readFile(path.join(jarsDir, jar)))
          .digest('hex'),
      })),
    ),
  };
  const [, artifactId, version] = ARTIFACT.split(':');
  if (!lock.jars.some((jar) => jar.path.endsWith(`/${artifactId}-${version}.jar`))) {
    throw new BuzzError('install_failed', `Maven did not resolve ${ARTIFACT}`);
  }
  // JSON.stringify's layout is the one prettier keeps.
  fs.writeFileSync(path.join(PROJECT_ROOT, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
  fs.rmSync(work, { recursive: true, force: true });
  return lock;
}

if (require.main === module) {
  if (process.argv[2] !== '--refresh-lock') {
    console.error(`usage: ${REFRESH_COMMAND}`);
    process.exit(2);
  }
  const config = loadConfig();
  refreshTestServerLock(config.stack, (line) => console.error(line)).then(
    (lock) => console.error(`${LOCK_FILE}: ${lock.jars.length} jars of ${lock.artifact}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
