import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/config';
import { explainTemporalConnectError } from './temporal-errors';

/**
 * The worker's connection to Temporal (the SDK's native connection, Temporal's Rust core):
 * address, TLS, API key and metadata as `@temporalio/envconfig` read them. The core reports a
 * failed connection precisely (unknown issuer, certificate for another name, client certificate
 * required) and at once; the failure becomes one line naming the setting to change.
 */
export async function connectTemporal(config: Config['temporal']): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(config.connection);
  } catch (error) {
    throw explainTemporalConnectError(error, config);
  }
}

/**
 * A client on its own connection; close() when done. Clients use the SDK's gRPC-JS connection,
 * whose errors carry the server's messages (workflow not found, already started); it reports a
 * failed connection only as a timeout, so the native connection first tries the same settings
 * and says what is wrong.
 */
export async function connectTemporalClient(
  config: Config['temporal'],
): Promise<{ client: Client; connection: Connection; close: () => Promise<void> }> {
  await (await connectTemporal(config)).close();
  const connection = await Connection.connect({ ...config.connection, connectTimeout: 10_000 });
  return {
    client: new Client({ connection, namespace: config.namespace }),
    connection,
    close: () => connection.close(),
  };
}
