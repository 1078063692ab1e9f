import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/config';
import { BuzzError } from '../domain/errors';

/** A Temporal client for one CLI command; close() when done. */
export async function connectClient(config: Config): Promise<{ client: Client; close: () => Promise<void> }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: config.temporal.address, connectTimeout: 5_000 });
  } catch (error) {
    throw new BuzzError(
      'temporal_unreachable',
      `Temporal is not answering at ${config.temporal.address}: start it with \`buzztracker stack up\` or set TEMPORAL_ADDRESS.`,
      { cause: error },
    );
  }
  return { client: new Client({ connection, namespace: config.temporal.namespace }), close: () => connection.close() };
}

export function workflowUrl(config: Config, workflowId: string): string {
  return `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
