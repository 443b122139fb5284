import type { RedisClient } from './redis-client.js';

const connecting = new WeakMap<RedisClient, Promise<void>>();

/**
 * The first connection of a lazily connecting client, shared by concurrent
 * callers, or `undefined` when there is nothing to wait for. Without it the
 * first commands on a client without an offline queue would fail merely
 * because nobody had connected yet. A client in any other state is left
 * alone, so a lost connection still fails commands at once.
 *
 * A failed connection rejects with the socket's error (`connect ECONNREFUSED
 * …`) rather than ioredis's bare "Connection is closed."
 */
export function ensureConnected(client: RedisClient): Promise<void> | undefined {
  const pending = connecting.get(client);
  if (pending !== undefined || client.status !== 'wait') {
    return pending;
  }
  let socketError: unknown;
  const remember = (error: unknown) => {
    socketError ??= error;
  };
  client.on('error', remember);
  const connection = client
    .connect()
    .catch((error: unknown) => {
      throw socketError ?? error;
    })
    .finally(() => {
      client.off('error', remember);
      connecting.delete(client);
    });
  connecting.set(client, connection);
  return connection;
}
