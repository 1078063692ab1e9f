import type { Config } from '../config/config';
import { BuzzError, describeError, type BuzzErrorCode } from '../domain/errors';

type Settings = Pick<Config['temporal'], 'address' | 'connection' | 'names' | 'external'>;

/**
 * Turns a failed connection to Temporal into one line that names the setting to change. The
 * worker's native connection (Temporal's Rust core) reports TLS failures precisely (unknown
 * issuer, certificate for another name, client certificate required); the patterns below read
 * those reports.
 */
export function explainTemporalConnectError(error: unknown, settings: Settings): BuzzError {
  const where = `Temporal at ${settings.address}`;
  const detail = describeError(error);
  const tls = settings.connection.tls;
  const tlsObject = typeof tls === 'object' ? tls : undefined;
  const usesTls = Boolean(tls) || settings.connection.apiKey !== undefined;
  const { names } = settings;
  const fail = (code: BuzzErrorCode, message: string) => new BuzzError(code, message, { cause: error });

  const certificateRequired = fail(
    'temporal_tls',
    `${where} requires a client certificate (mutual TLS): set ${names.clientCert} and ${names.clientKey}`,
  );
  if (/CertificateRequired|certificate required/i.test(detail)) return certificateRequired;
  if (/UnknownIssuer|unable to verify|self[- ]signed/i.test(detail))
    return fail(
      'temporal_tls',
      tlsObject?.serverRootCACertificate
        ? `${where}: its TLS certificate is not signed by the CA in ${names.serverCa}`
        : `${where}: its TLS certificate is not signed by a CA this machine trusts; set ${names.serverCa} to the CA that signed it`,
    );
  const mismatch = /NotValidForName.*presented: \[(.*?)\]/.exec(detail);
  if (mismatch || /altnames|does not match/i.test(detail)) {
    const presented = mismatch ? [...mismatch[1]!.matchAll(/Name\(\\*"([^"\\]+)/g)].map((m) => m[1]).join(', ') : '';
    return fail(
      'temporal_tls',
      `${where}: its TLS certificate is for another host name${presented ? ` (${presented})` : ''}; use that name in ${names.address}, or set ${names.serverName}`,
    );
  }
  if (/InvalidContentType|wrong version number/i.test(detail))
    return fail(
      'temporal_tls',
      `${where} does not answer TLS; remove the TLS settings (TEMPORAL_TLS_*, TEMPORAL_API_KEY) or use its TLS address in ${names.address}`,
    );
  if (/Unauthenticated|Request unauthorized|PermissionDenied|code: 16|code: 7\b/i.test(detail))
    return fail(
      'temporal_unauthorized',
      settings.connection.apiKey
        ? `${where} refused the API key in ${names.apiKey}`
        : `${where} refused the connection as unauthenticated; set ${names.apiKey} or a client certificate (${names.clientCert})`,
    );
  // The server ends the handshake: the client sees an alert, a reset, a broken pipe or an early
  // end, by timing. Without a client certificate, that is a server that demands one.
  if (/broken ?pipe|connection ?reset|ECONNRESET|UnexpectedEof|close_notify|Error\(Canceled/i.test(detail)) {
    if (!usesTls)
      return fail(
        'temporal_tls',
        `${where} closed the connection; if it expects TLS, set the TEMPORAL_TLS_* settings or TEMPORAL_API_KEY`,
      );
    return tlsObject?.clientCertPair
      ? fail(
          'temporal_tls',
          `${where} closed the connection during the TLS handshake: it did not accept the client certificate of ${names.clientCert} (not signed by a CA it trusts?)`,
        )
      : certificateRequired;
  }
  return fail(
    'temporal_unreachable',
    settings.external
      ? `Temporal is not answering at ${settings.address} (${names.address}): check the address and that the server runs`
      : `Temporal is not answering at ${settings.address}: start it with \`buzztracker stack up\` or set TEMPORAL_ADDRESS`,
  );
}
