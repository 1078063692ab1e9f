import fs from 'node:fs';
import { loadClientConfigProfile, toClientOptions, type ClientConfigProfile } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take. */
export interface TemporalConnectionOptions {
  address: string;
  /** false/undefined: plaintext; true: TLS with the system's CAs; an object: a CA, a server name, a client certificate. */
  tls?: TLSConfig | boolean;
  /** Sent as `Authorization: Bearer …` (Temporal Cloud); turns TLS on. */
  apiKey?: string;
  metadata?: Record<string, string>;
}

export interface TemporalSettings {
  connection: TemporalConnectionOptions;
  namespace: string;
  /** True when an address came from the environment or a profile: the local stack then leaves Temporal alone. */
  external: boolean;
  /** The setting that holds each TLS file or the key, named as the user wrote it. */
  names: {
    address: string;
    clientCert: string;
    clientKey: string;
    serverCa: string;
    serverName: string;
    apiKey: string;
  };
}

const DEFAULT_ADDRESS = 'localhost:7233';
const HOST_PORT = /^[^\s:/]+:\d{1,5}$/;

type TlsKey = 'clientCert' | 'clientKey' | 'serverCACert';

/** The environment variable of each setting, and the key of the same setting in a temporal.toml profile. */
const SETTING_NAMES = {
  address: ['TEMPORAL_ADDRESS', 'address'],
  clientCert: ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'tls.client_cert_path'],
  clientKey: ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'tls.client_key_path'],
  serverCa: ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'tls.server_ca_cert_path'],
  serverName: ['TEMPORAL_TLS_SERVER_NAME', 'tls.server_name'],
  apiKey: ['TEMPORAL_API_KEY', 'api_key'],
} as const;

/**
 * Temporal's connection as Temporal's own tools configure it (`@temporalio/envconfig`): the
 * `TEMPORAL_*` variables over the selected profile of `temporal.toml` (TEMPORAL_PROFILE,
 * TEMPORAL_CONFIG_FILE, default ~/.config/temporalio/temporal.toml). Without either, the local
 * stack's plaintext `localhost:7233`. Problems are returned one line each, naming the setting.
 */
export function loadTemporalSettings(env: NodeJS.ProcessEnv): { settings?: TemporalSettings; problems: string[] } {
  const profileName = env.TEMPORAL_PROFILE || 'default';
  const file = env.TEMPORAL_CONFIG_FILE || '~/.config/temporalio/temporal.toml';
  const vars = withoutEmptyValues(env);
  let profile: ClientConfigProfile;
  let fileProfile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: vars });
    fileProfile = loadClientConfigProfile({ overrideEnvVars: vars, disableEnv: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const setting = /Profile '.*' not found/.test(message) ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    return {
      problems: [
        `${setting}: ${message.replace(/^Profile '(.*)' not found in config data$/, `no profile "$1" in ${file}`)}`,
      ],
    };
  }
  // A setting is named as the user gave it: the variable, or the key of the profile file.
  const inFile: Record<keyof typeof SETTING_NAMES, unknown> = {
    address: fileProfile.address,
    clientCert: fileProfile.tls?.clientCert,
    clientKey: fileProfile.tls?.clientKey,
    serverCa: fileProfile.tls?.serverCACert,
    serverName: fileProfile.tls?.serverName,
    apiKey: fileProfile.apiKey,
  };
  const nameOf = (setting: keyof typeof SETTING_NAMES): string => {
    const [path, key] = SETTING_NAMES[setting];
    const data = path.replace(/_PATH$/, '_DATA');
    const variable = vars[data] && !vars[path] ? data : path;
    return !vars[variable] && inFile[setting] !== undefined
      ? `${key} of profile "${profileName}" in ${file}`
      : variable;
  };

  const problems: string[] = [];
  const names = {
    address: nameOf('address'),
    clientCert: nameOf('clientCert'),
    clientKey: nameOf('clientKey'),
    serverCa: nameOf('serverCa'),
    serverName: nameOf('serverName'),
    apiKey: nameOf('apiKey'),
  };
  if (profile.address !== undefined && !HOST_PORT.test(profile.address))
    problems.push(`${names.address}: expected host:port, e.g. localhost:7233`);
  const tls = profile.tls;
  const checkFile = (key: TlsKey, name: string): void => {
    const source = tls?.[key];
    if (source && 'path' in source && !readable(source.path)) problems.push(`${name}: cannot read ${source.path}`);
  };
  checkFile('clientCert', names.clientCert);
  checkFile('clientKey', names.clientKey);
  checkFile('serverCACert', names.serverCa);
  if (Boolean(tls?.clientCert) !== Boolean(tls?.clientKey))
    problems.push(
      tls?.clientCert
        ? `${names.clientCert}: a client certificate needs its key (${names.clientKey})`
        : `${names.clientKey}: a client key needs its certificate (${names.clientCert})`,
    );
  if (problems.length > 0) return { problems };

  const { connectionOptions, namespace } = toClientOptions(profile);
  return {
    problems,
    settings: {
      connection: {
        address: connectionOptions.address ?? DEFAULT_ADDRESS,
        tls: connectionOptions.tls ?? undefined,
        apiKey: typeof connectionOptions.apiKey === 'string' ? connectionOptions.apiKey : undefined,
        // envconfig's gRPC metadata values are strings (TEMPORAL_GRPC_META_*, grpc_meta).
        metadata: connectionOptions.metadata as Record<string, string> | undefined,
      },
      namespace: namespace ?? 'default',
      external: profile.address !== undefined,
      names,
    },
  };
}

function readable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** An empty variable means unset here, as everywhere in BuzzTracker's configuration. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}
