import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config';
import { BuzzError } from '../../domain/errors';
import { ensureLocalCertificates } from './certificates';
import type { LaunchSpec } from './processes';
import type { LocalService } from './service';
import { TEMPORAL_PORT, temporalAnswers } from './temporal';

export const TEMPORAL_MTLS_PORT = 7234;

/** The front end runs as a process of its own, from the compiled sources (`npm run build`). */
function proxyScript(): string {
  const compiled = __filename.endsWith('.ts')
    ? path.join(__dirname, '..', '..', 'dist', 'infra', 'local', 'tls-proxy-main.js')
    : path.join(__dirname, 'tls-proxy-main.js');
  if (!fs.existsSync(compiled))
    throw new BuzzError('install_failed', `The mTLS front end is not built (${compiled}): run \`npm run build\`.`);
  return compiled;
}

/**
 * Temporal over mutual TLS: a TLS front end on localhost:7234 that demands a client certificate
 * signed by the secured stack's CA and forwards to the local Temporal dev server (which has no
 * TLS of its own). Workflows run on the real server; only the connection is secured.
 */
export function temporalMtlsService(config: Config): LocalService {
  const secureDir = path.join(config.stack.dir, 'secure');
  const address = `localhost:${TEMPORAL_MTLS_PORT}`;
  const certificates = () => ensureLocalCertificates(secureDir);
  const clientEnv = (): Record<string, string> => {
    const { ca, temporalClient } = certificates();
    return {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca.cert,
      TEMPORAL_TLS_CLIENT_CERT_PATH: temporalClient.cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: temporalClient.key,
    };
  };
  return {
    name: 'temporal-mtls',
    port: TEMPORAL_MTLS_PORT,
    endpoints: { gRPC: `${address} (mTLS)`, 'CA and client certificate': secureDir },
    readyTimeoutMs: 60_000,
    isHealthy() {
      const { ca, temporalClient } = certificates();
      return temporalAnswers({
        address,
        tls: {
          serverRootCACertificate: fs.readFileSync(ca.cert),
          clientCertPair: { crt: fs.readFileSync(temporalClient.cert), key: fs.readFileSync(temporalClient.key) },
        },
      });
    },
    async prepare(): Promise<LaunchSpec> {
      const { ca, temporalServer } = certificates();
      const script = proxyScript();
      return {
        command: process.execPath,
        args: [
          script,
          '--listen',
          `127.0.0.1:${TEMPORAL_MTLS_PORT}`,
          '--target',
          `127.0.0.1:${TEMPORAL_PORT}`,
          '--cert',
          temporalServer.cert,
          '--key',
          temporalServer.key,
          '--client-ca',
          ca.cert,
        ],
        cwd: secureDir,
        identity: script,
        logFile: path.join(config.stack.dir, 'logs', 'temporal-mtls.log'),
      };
    },
    clientEnv,
  };
}
