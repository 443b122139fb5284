import { Redis, type RedisOptions } from 'ioredis';
import { failFastOptions } from './fail-fast-options.js';
import type { RedisClient } from './redis-client.js';
import type { ResolvedRedisStoreOptions } from './resolve-options.js';

/**
 * The store's client: the one given (left as it is), or a fail-fast
 * connection made from `url`, owned by the store (`owned`), whose connection
 * errors go to `report`.
 */
export function openConnection(
  resolved: ResolvedRedisStoreOptions,
  report: (error: unknown) => void,
): { client: RedisClient; owned: boolean } {
  if (resolved.client !== undefined) {
    return { client: resolved.client, owned: false };
  }
  const client = new Redis(resolved.url, {
    ...failFastOptions({ connectTimeoutMs: resolved.connectTimeoutMs }),
    ...resolved.redisOptions,
    // ioredis types `replyMapping` more narrowly in its constructor than in
    // RedisOptions; the commands used here reply alike under every mapping.
  } as Omit<RedisOptions, 'replyMapping'>);
  // An ioredis client without an error listener prints every connection failure.
  client.on('error', report);
  return { client, owned: true };
}
