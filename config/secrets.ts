import fs from 'node:fs';

/**
 * Every variable that holds a secret. Each may instead name a file in `<NAME>_FILE`, as
 * Kubernetes and Docker mount secrets; the file's content, without surrounding whitespace, is
 * the value. This is the one list of them: nothing else reads a secret from the environment.
 */
export const SECRET_VARIABLES = [
  'TEMPORAL_API_KEY',
  'ELASTIC_API_KEY',
  'ELASTICSEARCH_USERNAME',
  'ELASTICSEARCH_PASSWORD',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'WEBHOOK_SECRET',
  'BUZZ_API_TOKENS',
  'KIBANA_API_KEY',
  'BUZZ_ALERT_WEBHOOK_URL',
  'BUZZ_ALERT_WEBHOOK_SECRET',
] as const;

export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/**
 * The environment with every `<NAME>_FILE` replaced by `<NAME>` holding the file's content.
 * Problems are returned one line each, naming the variable (never a value).
 */
export function resolveSecretFiles(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; problems: string[] } {
  const resolved: NodeJS.ProcessEnv = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`]?.trim();
    if (!file) continue;
    if (env[name]?.trim()) {
      problems.push(`${name}_FILE: ${name} is set too; set only one of them`);
      continue;
    }
    try {
      resolved[name] = fs.readFileSync(file, 'utf8').trim();
      delete resolved[`${name}_FILE`];
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { env: resolved, problems };
}
