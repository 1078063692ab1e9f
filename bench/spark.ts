import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../config/config';
import { requireJdk } from '../infra/local/prerequisites';
import { memberFiles, type Dataset } from './data';

const PYSPARK = 'pyspark==4.3.0';

/** A venv with PySpark for the comparison, under the stack folder (installed once). */
function pysparkPython(log: (line: string) => void): string {
  const venv = path.join(loadConfig().stack.dir, 'bench-venv');
  const python = path.join(venv, 'bin', 'python');
  const marker = path.join(venv, '.pyspark');
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== PYSPARK) {
    log(`installing ${PYSPARK} into ${venv} (first run only)`);
    if (!fs.existsSync(python)) execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', PYSPARK], {
      stdio: 'inherit',
    });
    fs.writeFileSync(marker, PYSPARK);
  }
  return python;
}

/** P2: the same preprocessing done the original system's way, PySpark in local mode on the same cores. */
export function benchSpark(data: Dataset, cores: number, log: (line: string) => void) {
  return async (ours: { ingest_seconds: number; tweets_kept: number }) => {
    const python = pysparkPython(log);
    const source = await memberFiles(data, data.days[0]!);
    const target = path.join(data.dir, 'spark-output');
    const jdk = requireJdk(loadConfig().stack.javaHome);
    const output = execFileSync(
      python,
      [path.join(PROJECT_ROOT, 'bench', 'spark_preprocess.py'), source, target, String(cores)],
      {
        env: { ...process.env, JAVA_HOME: jdk.home, PYSPARK_PYTHON: python },
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    ).toString();
    const spark = JSON.parse(output.trim().split('\n').pop()!) as {
      seconds_total: number;
      seconds_after_session: number;
      rows: number;
    };
    fs.rmSync(target, { recursive: true, force: true });
    return {
      spark_seconds_total: spark.seconds_total,
      spark_seconds_after_session_start: spark.seconds_after_session,
      spark_rows: spark.rows,
      ours_rows: ours.tweets_kept,
      ours_seconds_including_elasticsearch: ours.ingest_seconds,
      /** Spark's time over ours (ours also indexes into Elasticsearch and writes the store). Goal ≥ 3. */
      ratio: spark.seconds_total / ours.ingest_seconds,
    };
  };
}
