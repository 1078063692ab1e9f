import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BuzzError } from '../../domain/errors';

/** A PEM certificate and its private key, as files. */
export interface CertificateFiles {
  cert: string;
  key: string;
}

export interface CertificateRequest {
  /** File name stem in the folder: `<name>.crt`, `<name>.key`. */
  name: string;
  commonName: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  /** serverAuth for a server, clientAuth for a client certificate (mTLS). */
  usage: 'server' | 'client';
}

/**
 * The certificates of the secured local stack: one CA that signs a certificate for the
 * Elasticsearch node, one for the Temporal TLS front end, and the client certificate BuzzTracker
 * presents to it. The server certificates name `localhost` only (not 127.0.0.1), so that a
 * client reaching them by another name sees a host mismatch, as it would in production.
 */
export interface LocalCertificates {
  dir: string;
  ca: CertificateFiles;
  elasticsearch: CertificateFiles;
  temporalServer: CertificateFiles;
  temporalClient: CertificateFiles;
}

const LEAF_DAYS = 825;
const CA_DAYS = 3650;

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new BuzzError(
        'prerequisite_missing',
        'Missing prerequisite: openssl, which makes the secured stack’s certificates (Debian/Ubuntu: apt-get install openssl).',
        { cause: error },
      );
    }
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
    throw new BuzzError('certificate_failed', `openssl ${args[0]} failed: ${stderr}`, { cause: error });
  }
}

/** P-256 keys: quick to make, and accepted by Node, Java (Elasticsearch) and rustls (Temporal's core). */
const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * A folder only its owner enters. Its parents keep the usual mode: a recursive mkdir with a mode
 * would give it to every folder it makes, `.stack` included, and Elasticsearch, which runs as
 * another user when the stack runs as root, could no longer reach its installation there.
 */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o700);
}

/** A self-signed CA in `dir` (kept when it exists). */
export function ensureCertificateAuthority(dir: string, name = 'ca'): CertificateFiles {
  privateDir(dir);
  const files = { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
  if (fs.existsSync(files.cert) && fs.existsSync(files.key)) return files;
  openssl(
    [
      'req',
      '-x509',
      ...KEY_ARGS,
      '-keyout',
      files.key,
      '-out',
      files.cert,
      '-days',
      String(CA_DAYS),
      '-subj',
      `/CN=BuzzTracker local CA (${name})`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  fs.chmodSync(files.key, 0o600);
  return files;
}

/** A certificate signed by `ca`, written next to it (kept when it exists). */
export function issueCertificate(ca: CertificateFiles, dir: string, request: CertificateRequest): CertificateFiles {
  privateDir(dir);
  const files = { cert: path.join(dir, `${request.name}.crt`), key: path.join(dir, `${request.name}.key`) };
  if (fs.existsSync(files.cert) && fs.existsSync(files.key)) return files;
  const csr = path.join(dir, `${request.name}.csr`);
  const extensions = path.join(dir, `${request.name}.ext`);
  const altNames = [
    ...(request.dnsNames ?? []).map((name) => `DNS:${name}`),
    ...(request.ipAddresses ?? []).map((ip) => `IP:${ip}`),
  ];
  fs.writeFileSync(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${request.usage === 'server' ? 'serverAuth' : 'clientAuth'}`,
      ...(altNames.length > 0 ? [`subjectAltName=${altNames.join(',')}`] : []),
      '',
    ].join('\n'),
  );
  try {
    openssl(['req', ...KEY_ARGS, '-keyout', files.key, '-out', csr, '-subj', `/CN=${request.commonName}`], dir);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        ca.cert,
        '-CAkey',
        ca.key,
        '-CAcreateserial',
        '-out',
        files.cert,
        '-days',
        String(LEAF_DAYS),
        '-extfile',
        extensions,
      ],
      dir,
    );
  } finally {
    fs.rmSync(csr, { force: true });
    fs.rmSync(extensions, { force: true });
  }
  fs.chmodSync(files.key, 0o600);
  return files;
}

/** Makes (once) and returns the secured stack's CA and certificates. */
export function ensureLocalCertificates(dir: string): LocalCertificates {
  const ca = ensureCertificateAuthority(dir);
  return {
    dir,
    ca,
    elasticsearch: issueCertificate(ca, dir, {
      name: 'elasticsearch',
      commonName: 'localhost',
      dnsNames: ['localhost'],
      usage: 'server',
    }),
    temporalServer: issueCertificate(ca, dir, {
      name: 'temporal-server',
      commonName: 'localhost',
      dnsNames: ['localhost'],
      usage: 'server',
    }),
    temporalClient: issueCertificate(ca, dir, {
      name: 'temporal-client',
      commonName: 'buzztracker',
      usage: 'client',
    }),
  };
}
