import type { ConnectionLike } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { BuzzError, describeError } from '../domain/errors';
import { SEARCH_ATTRIBUTES } from '../contracts/search-attributes';

const INDEXED = temporal.api.enums.v1.IndexedValueType;
/** The server's type of each SDK search attribute type BuzzTracker uses, and the CLI's name of it. */
const TYPES = {
  KEYWORD: { indexed: INDEXED.INDEXED_VALUE_TYPE_KEYWORD, cli: 'Keyword' },
  KEYWORD_LIST: { indexed: INDEXED.INDEXED_VALUE_TYPE_KEYWORD_LIST, cli: 'KeywordList' },
} as const;

/**
 * Makes sure the namespace has BuzzTracker's search attributes (contracts/search-attributes.ts),
 * adding those it lacks: workflows cannot start with an attribute the namespace does not know.
 * Where adding is not allowed (Temporal Cloud manages them in its console or with tcld), the
 * error says what to create.
 */
export async function ensureSearchAttributes(connection: ConnectionLike, namespace: string): Promise<void> {
  const missing = async () => {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    const known = { ...listed.customAttributes, ...listed.systemAttributes };
    return Object.values(SEARCH_ATTRIBUTES).filter((key) => !(key.name in known));
  };
  let absent;
  try {
    absent = await missing();
    if (absent.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        absent.map((key) => [key.name, TYPES[key.type as keyof typeof TYPES].indexed]),
      ),
    });
  } catch (error) {
    const wanted = absent ?? Object.values(SEARCH_ATTRIBUTES);
    const commands = wanted
      .map(
        (key) =>
          `temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type ${TYPES[key.type as keyof typeof TYPES].cli}`,
      )
      .join('; ');
    throw new BuzzError(
      'temporal_search_attributes',
      `Temporal namespace "${namespace}" lacks BuzzTracker's search attributes and they could not be added (${describeError(error)}): ${commands}`,
      { cause: error },
    );
  }
  // A new attribute takes a moment to reach every service of the server.
  for (const deadline = Date.now() + 15_000; (await missing()).length > 0;) {
    if (Date.now() > deadline)
      throw new BuzzError(
        'temporal_search_attributes',
        `Search attributes added to "${namespace}" did not appear within 15 s`,
      );
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
