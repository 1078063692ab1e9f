import { errors } from '@elastic/elasticsearch';
import type { Config } from '../config/config';
import { BuzzError, describeError } from '../domain/errors';
import { ROLE_FILE } from './elasticsearch-role';

type Settings = Pick<Config['elasticsearch'], 'url' | 'authSetting' | 'ca' | 'caFingerprint'>;

const UNTRUSTED_CERTIFICATE =
  /self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer certificate|certificate has expired|certificate is not yet valid|fingerprint does not match|Invalid or malformed certificate/i;
const HOST_MISMATCH = /does not match certificate's altnames|Hostname\/IP does not match/i;
const NOT_TLS = /wrong version number|packet length too long|EPROTO/i;
const CLOSED = /other side closed|socket hang up|ECONNRESET/i;

/**
 * Turns the failures that no retry can mend — a refused credential, a missing privilege, an
 * untrusted certificate — into one-line, non-retryable errors naming the setting to change.
 * Anything else is returned as it is (the client and Temporal retry it).
 */
export function explainElasticsearchError(error: unknown, settings: Settings): unknown {
  const where = `Elasticsearch at ${settings.url}`;
  if (error instanceof errors.ResponseError) {
    if (error.statusCode === 401) {
      const reason = reasonOf(error);
      const message = settings.authSetting
        ? `${where} refused the credential in ${settings.authSetting} (HTTP 401${reason ? `: ${reason}` : ''})`
        : `${where} requires a credential: set ELASTIC_API_KEY, or ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD`;
      return new BuzzError('elasticsearch_unauthorized', message, { cause: error });
    }
    if (error.statusCode === 403) {
      // Elasticsearch names the indices only when they exist; the request's path names them always.
      const target = /^\/([^_/][^/]*)\//.exec(error.meta?.meta?.request?.params?.path ?? '')?.[1];
      return forbidden(reasonOf(error), target && decodeURIComponent(target), settings, error);
    }
    return error;
  }
  if (error instanceof errors.ConnectionError) {
    const detail = describeError(error);
    if (HOST_MISMATCH.test(detail))
      return new BuzzError(
        'elasticsearch_tls',
        `${where}: its TLS certificate is for another host name (${oneLine(detail)}); use a host name its certificate holds in ELASTICSEARCH_URL`,
        { cause: error },
      );
    if (UNTRUSTED_CERTIFICATE.test(detail)) {
      const fix = settings.ca
        ? `it is not signed by the CA of ELASTICSEARCH_CA (${settings.ca.file})`
        : settings.caFingerprint
          ? 'it does not match ELASTICSEARCH_CA_FINGERPRINT'
          : 'set ELASTICSEARCH_CA to the CA certificate (PEM) that signed it, or ELASTICSEARCH_CA_FINGERPRINT';
      return new BuzzError(
        'elasticsearch_tls',
        `${where}: its TLS certificate is not trusted (${oneLine(detail)}); ${fix}`,
        { cause: error },
      );
    }
    if (NOT_TLS.test(detail) && settings.url.startsWith('https:'))
      return new BuzzError(
        'elasticsearch_tls',
        `${where} does not answer TLS (${oneLine(detail)}); is ELASTICSEARCH_URL meant to be http://?`,
        { cause: error },
      );
    // A node that serves HTTPS closes plain HTTP connections; so does a node that restarts, hence retryable.
    if (CLOSED.test(detail) && settings.url.startsWith('http:') && (error.meta?.meta.attempts ?? 0) > 0)
      return new BuzzError(
        'elasticsearch_closed',
        `${where} closed the connection (${oneLine(detail)}); if it serves HTTPS, use https:// in ELASTICSEARCH_URL`,
        { cause: error, retryable: true },
      );
  }
  return error;
}

/** A refused operation, named as Elasticsearch names it, with the privileges that would grant it. */
function forbidden(reason: string, target: string | undefined, settings: Settings, cause: unknown): BuzzError {
  const action = /action \[([^\]]+)\]/.exec(reason)?.[1];
  const indices = /on indices \[([^\]]+)\]/.exec(reason)?.[1] ?? target;
  const grantedBy = /granted by the (?:index |cluster )?privileges \[([^\]]+)\]/.exec(reason)?.[1];
  const operation = action ? `${action}${indices ? ` on ${indices}` : ''}` : 'an operation';
  const credential = settings.authSetting ? `the credential in ${settings.authSetting}` : 'anonymous access';
  const privileges = grantedBy ? `it needs one of the privileges ${grantedBy.split(',').join(', ')}` : oneLine(reason);
  return new BuzzError(
    'elasticsearch_forbidden',
    `Elasticsearch refused ${operation} to ${credential}: ${privileges} (BuzzTracker's role: ${ROLE_FILE})`,
    { cause },
  );
}

function reasonOf(error: errors.ResponseError): string {
  const body = error.body as { error?: { reason?: string } | string } | undefined;
  const reason = typeof body?.error === 'string' ? body.error : (body?.error?.reason ?? '');
  return oneLine(reason);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
