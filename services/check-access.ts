import { errors, type Client } from '@elastic/elasticsearch';
import { ROLE_FILE, buzzRoleDescriptor } from '../adapters/elasticsearch-role';
import type { Config } from '../config/config';
import type { ObjectStore } from '../adapters/object-store';
import { BuzzError } from '../domain/errors';

/**
 * Checks, before any work starts, that the Elasticsearch credential is accepted and holds every
 * privilege of BuzzTracker's role; a missing privilege is named here, at start, rather than
 * failing an activity hours into a backfill. A cluster with security off has no credential to
 * check. Refused credentials and untrusted certificates surface as the client's explained errors.
 */
export async function checkElasticsearchAccess(es: Client, settings: Config['elasticsearch']): Promise<void> {
  const role = buzzRoleDescriptor(settings.indexPrefix);
  let answer;
  try {
    answer = await es.security.hasPrivileges({
      cluster: role.cluster,
      index: role.indices?.map((entry) => ({ names: entry.names, privileges: entry.privileges })),
    });
  } catch (error) {
    if (securityIsOff(error)) return;
    throw error;
  }
  if (answer.has_all_requested) return;
  const missing = [
    ...Object.entries(answer.cluster)
      .filter(([, granted]) => !granted)
      .map(([privilege]) => `cluster privilege ${privilege}`),
    ...Object.entries(answer.index).flatMap(([pattern, privileges]) =>
      Object.entries(privileges)
        .filter(([, granted]) => !granted)
        .map(([privilege]) => `index privilege ${privilege} on ${pattern}`),
    ),
  ];
  throw new BuzzError(
    'elasticsearch_forbidden',
    `The Elasticsearch credential in ${settings.authSetting ?? '(none)'} lacks what BuzzTracker needs: ${missing.join(', ')} (BuzzTracker's role: ${ROLE_FILE})`,
  );
}

/** A node without the security plugin (or with it off) has no _security endpoints. */
function securityIsOff(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError)) return false;
  const text = JSON.stringify(error.body ?? '');
  return (
    [400, 404, 405, 410, 500].includes(error.statusCode ?? 0) &&
    /no handler found|Security must be explicitly enabled|security is disabled|Incorrect HTTP method/i.test(text)
  );
}

/** Lists a key prefix of the store: fails at once on refused credentials or a missing bucket. */
export async function checkStoreAccess(store: ObjectStore): Promise<void> {
  await store.list('manifests/day=0000');
}
