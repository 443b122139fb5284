import { ensureConnected } from './ensure-connected.js';
import type { RedisClient } from './redis-client.js';
import { REDIS_STORE_ERROR_CODES, RedisStoreError } from './redis-store-error.js';
import { withTimeout } from './with-timeout.js';

/** Runs one store operation: see {@link createOperationRunner}. */
export type OperationRunner = <T>(operation: string, work: () => Promise<T>) => Promise<T>;

/**
 * Runs each operation of a store: refused with `REDIS_CLOSED` once the store
 * is closing; after the client's first connection (within
 * `connectTimeoutMs`) when it connects lazily; rejected as a
 * `RedisStoreError` after `operationTimeoutMs` or on any failure.
 */
export function createOperationRunner(settings: {
  client: RedisClient;
  operationTimeoutMs: number;
  connectTimeoutMs: number;
  isClosed: () => boolean;
}): OperationRunner {
  const { client, operationTimeoutMs, connectTimeoutMs } = settings;
  return (operation, work) => {
    if (settings.isClosed()) {
      return Promise.reject(
        new RedisStoreError(`The Redis store is closed; ${operation} refused.`, {
          code: REDIS_STORE_ERROR_CODES.CLOSED,
          operation,
        }),
      );
    }
    const connection = ensureConnected(client);
    if (connection === undefined) {
      return withTimeout(work(), operation, operationTimeoutMs);
    }
    return withTimeout(connection, operation, connectTimeoutMs).then(() =>
      withTimeout(work(), operation, operationTimeoutMs),
    );
  };
}
