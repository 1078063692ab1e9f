import type { ConnectionLike } from '@temporalio/client';

/** Registers a Temporal namespace and waits until every service of the server knows it. */
export async function registerNamespace(connection: ConnectionLike, namespace: string): Promise<void> {
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: { seconds: 86_400 as never },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      // A new namespace takes a moment to reach every service of the server.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}
