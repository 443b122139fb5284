import type { RedisOptions } from 'ioredis';

/**
 * ioredis options under which a dead or unreachable Redis fails every command
 * at once instead of queueing it until Redis returns: the core then falls back
 * to its in-process path and callers keep getting tokens. A slow Redis is
 * the store's `operationTimeoutMs`, not an ioredis `commandTimeout`.
 */
export function failFastOptions(timeouts: { connectTimeoutMs: number }): RedisOptions {
  return {
    // Nothing connects at import or construction time; the first operation does.
    lazyConnect: true,
    // No queue while disconnected: a command issued then rejects immediately.
    enableOfflineQueue: false,
    // A command in flight when the connection drops rejects instead of being resent later.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: timeouts.connectTimeoutMs,
    // Keep reconnecting in the background, never more than a second apart, so a
    // restarted Redis is back in use quickly.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  };
}
