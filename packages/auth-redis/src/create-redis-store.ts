import { waitForStoredValue } from '@enkash/auth-core';
import { createSetNotifier } from './create-set-notifier.js';
import { endConnection } from './end-connection.js';
import {
  COMPARE_AND_SET_SCRIPT,
  RELEASE_LOCK_SCRIPT,
  SET_AND_ANNOUNCE_SCRIPT,
} from './lua-scripts.js';
import { openConnection } from './open-connection.js';
import { createOperationRunner } from './operation-runner.js';
import { redisKeyOf } from './redis-key.js';
import type { RedisStore, RedisStoreOptions } from './redis-store-options.js';
import { resolveOptions } from './resolve-options.js';
import { RECORD_PREFIX, revealStoredValue } from './stored-value.js';
import { wholeMilliseconds } from './whole-milliseconds.js';
import { toRedisStoreError } from './with-timeout.js';

/**
 * A {@link RedisStore}: one token, one lock and one lockout count for every
 * process that shares the Redis (a server or a cluster) and the key prefix.
 *
 * Tokens are stored with a TTL equal to their remaining lifetime and announced
 * on a pub/sub channel so waiting processes pick them up at once. The lock is
 * `SET NX PX` with the caller's random owner, released by a compare-and-delete
 * script. The lockout guard's attempt record is written with a
 * compare-and-set script, without expiry (a wrong password stays counted
 * until a success or `resetLockout()`): each change is computed from the value
 * read, so one whose answer timed out and that Redis applies late changes
 * nothing once another write came in between. Every key of one account shares
 * a hash tag, so on a cluster each script runs on one slot.
 * Every operation rejects after `operationTimeoutMs`, and the connections the
 * store creates fail at once while Redis is down, so the core falls back to its
 * in-process path and emits `store-error` instead of making callers wait.
 *
 * @example
 * ```ts
 * import { createRedisStore } from '@enkash/auth-redis';
 * import { createPayoutsAuth } from '@enkash/payouts';
 *
 * const store = createRedisStore({ url: process.env.REDIS_URL, encryptionKey: process.env.TOKEN_KEY });
 * const payouts = createPayoutsAuth({ ...credentials, store });
 * // on shutdown
 * await store.close();
 * ```
 */
export function createRedisStore(options?: RedisStoreOptions): RedisStore {
  const resolved = resolveOptions(options);
  const { keyPrefix, codec, operationTimeoutMs, connectTimeoutMs } = resolved;
  const report = (error: unknown) => {
    resolved.onError?.(toRedisStoreError(error, 'connection'));
  };
  const { client, owned } = openConnection(resolved, report);
  const channel = `${keyPrefix}set`;
  const notifier = createSetNotifier({
    client,
    channel,
    timeoutMs: connectTimeoutMs + operationTimeoutMs,
    onError: report,
  });
  const pendingWaits = new Set<() => void>();
  let closing: Promise<void> | undefined;
  const run = createOperationRunner({
    client,
    operationTimeoutMs,
    connectTimeoutMs,
    isClosed: () => closing !== undefined,
  });
  const redisKey = (key: string) => redisKeyOf(keyPrefix, key);

  const store: RedisStore = {
    shared: true,
    get(key) {
      return run('get', async () => revealStoredValue(await client.get(redisKey(key)), key, codec));
    },
    async set(key, value, ttlMs) {
      const ttl = wholeMilliseconds(ttlMs, 'set');
      return run('set', async () => {
        const stored = await codec.encode(value, key);
        await client.eval(SET_AND_ANNOUNCE_SCRIPT, 1, redisKey(key), stored, ttl, channel, key);
      });
    },
    delete(key) {
      return run('delete', async () => {
        await client.del(redisKey(key));
      });
    },
    async acquireLock(key, owner, ttlMs) {
      const ttl = wholeMilliseconds(ttlMs, 'acquireLock');
      return run('acquireLock', async () => {
        return (await client.set(redisKey(key), owner, 'PX', ttl, 'NX')) === 'OK';
      });
    },
    releaseLock(key, owner) {
      return run('releaseLock', async () => {
        await client.eval(RELEASE_LOCK_SCRIPT, 1, redisKey(key), owner);
      });
    },
    async compareAndSet(key, expected, next, ttlMs) {
      const ttl = ttlMs === undefined ? '' : wholeMilliseconds(ttlMs, 'compareAndSet');
      const swap = async (current: string | undefined) =>
        (await client.eval(
          COMPARE_AND_SET_SCRIPT,
          1,
          redisKey(key),
          current === undefined ? '0' : '1',
          current ?? '',
          `${RECORD_PREFIX}${next}`,
          ttl,
        )) === 1;
      return run('compareAndSet', async () => {
        if (await swap(expected === undefined ? undefined : `${RECORD_PREFIX}${expected}`)) {
          return true;
        }
        // A value no compareAndSet wrote (a count another tool left, an unreadable token value)
        // compares as `get` reveals it, or the guard could never replace a corrupt count.
        const current = await client.get(redisKey(key));
        if (current === null || current.startsWith(RECORD_PREFIX)) return false;
        if ((await revealStoredValue(current, key, codec)) !== expected) return false;
        return swap(current);
      });
    },
    waitFor(key, timeoutMs, signal) {
      if (closing !== undefined) {
        return run('waitFor', async () => undefined);
      }
      return waitForStoredValue({
        read: () => store.get(key),
        timeoutMs,
        signal,
        pollIntervalMs: resolved.pollIntervalMs,
        listen: (announce) => notifier.listen(key, announce),
        track: (giveUp) => {
          pendingWaits.add(giveUp);
          return () => pendingWaits.delete(giveUp);
        },
      });
    },
    close() {
      closing ??= (async () => {
        for (const giveUp of [...pendingWaits]) {
          giveUp();
        }
        await notifier.close();
        if (owned) {
          await endConnection(client, operationTimeoutMs);
        }
      })();
      return closing;
    },
  };
  return store;
}
