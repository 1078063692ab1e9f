import type { Client } from '@elastic/elasticsearch';
import { buzzRoleDescriptor } from '../../adapters/elasticsearch-role';

/** The name of the key's one role descriptor. */
const ROLE_NAME = 'buzztracker';

/**
 * Creates an API key, owned by the user `admin` authenticates as, whose only privileges are
 * BuzzTracker's role on `<indexPrefix>-*`. Returns the `encoded` form that clients send as
 * `Authorization: ApiKey <encoded>` (ELASTIC_API_KEY).
 */
export async function createBuzzApiKey(admin: Client, options: { name: string; indexPrefix: string }): Promise<string> {
  const key = await admin.security.createApiKey({
    name: options.name,
    role_descriptors: { [ROLE_NAME]: buzzRoleDescriptor(options.indexPrefix) },
  });
  return key.encoded;
}

/** The id of an encoded API key (`base64(id:secret)`). */
export function apiKeyId(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8').split(':')[0] ?? '';
}

/**
 * Gives an existing key the role as the role file now has it; the key itself does not change.
 * Only the key's owner may do this. Returns false when the key already had that role.
 */
export async function updateBuzzApiKey(admin: Client, encoded: string, indexPrefix: string): Promise<boolean> {
  const answer = await admin.security.updateApiKey({
    id: apiKeyId(encoded),
    role_descriptors: { [ROLE_NAME]: buzzRoleDescriptor(indexPrefix) },
  });
  return answer.updated;
}
