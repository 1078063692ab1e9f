import fs from 'node:fs';
import path from 'node:path';
import type { estypes } from '@elastic/elasticsearch';
import { PROJECT_ROOT } from '../config/config';
import { BuzzError } from '../domain/errors';

/**
 * The privileges BuzzTracker needs on its indices, and no more, as an Elasticsearch role
 * descriptor (what each privilege is for: docs/running-on-your-own-clusters.md, "What the role
 * grants"). It is the one source: the local stack's API key carries it, workers and the API check
 * it at start.
 */
export const ROLE_FILE = 'infra/elasticsearch/buzztracker-role.json';

/** BuzzTracker's role for the indices of one prefix: the role file with its `buzz-*` names made `<prefix>-*`. */
export function buzzRoleDescriptor(indexPrefix: string): estypes.SecurityRoleDescriptor {
  // The prefix rule of BUZZ_INDEX_PREFIX: no wildcard or comma can widen the names.
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(indexPrefix)) {
    throw new BuzzError('config_invalid', `Not an index prefix: ${JSON.stringify(indexPrefix)}`);
  }
  const role = JSON.parse(
    fs.readFileSync(path.join(PROJECT_ROOT, ROLE_FILE), 'utf8'),
  ) as estypes.SecurityRoleDescriptor;
  return {
    ...role,
    indices: role.indices?.map((entry) => ({
      ...entry,
      names: (Array.isArray(entry.names) ? entry.names : [entry.names]).map((name) =>
        name.replace(/^buzz-/, `${indexPrefix}-`),
      ),
    })),
  };
}
