import type { Client } from '@temporalio/client';
import { connectTemporalClient } from '../adapters/temporal-connection';
import type { Config } from '../config/config';

/** A Temporal client for one CLI command; close() when done. */
export async function connectClient(config: Config): Promise<{ client: Client; close: () => Promise<void> }> {
  const { client, close } = await connectTemporalClient(config.temporal);
  return { client, close };
}
