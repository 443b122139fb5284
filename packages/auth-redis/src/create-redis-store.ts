import { Redis, type RedisOptions } from 'ioredis';
import { createSetNotifier } from './create-set-notifier.js';
import { endConnection } from './end-connection.js';
import { ensureConnected } from './ensure-connected.js';
import { failFastOptions } from './fail-fast-options.js';
import {
  COMPARE_AND_SET_SCRIPT,
  RELEASE_LOCK_SCRIPT,
  SET_AND_ANNOUNCE_SCRIPT,
} from './lua-scripts.js';
import { REDIS_STORE_ERROR_CODES, RedisStoreError } from './redis-store-error.js';
import type { RedisStore, RedisStoreOptions } from './redis-store-options.js';
import { resolveOptions } from './resolve-options.js';
import { createValueCipher, SEALED_VALUE_PREFIX } from './value-cipher.js';
import { toRedisStoreError, withTimeout } from './with-timeout.js';

/**
 * A {@link RedisStore}: one token, one lock and one lockout count for every
 * process that shares the Redis and the key prefix.
 *
 * Tokens are stored with a TTL equal to their remaining lifetime and announced
 * on a pub/sub channel so waiting processes pick them up at once. The lock is
 * `SET NX PX` with the caller's random owner, released by a compare-and-delete
 * script. The lockout guard's attempt record is written with a
 * compare-and-set script, without expiry (a wrong password stays counted
 * until a success or `resetLockout()`): each change is computed from the value
 * read, so one whose answer timed out and that Redis applies late changes
 * nothing once another write came in between.
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
  const { keyPrefix, operationTimeoutMs, connectTimeoutMs, pollIntervalMs } = resolved;
  const report = (error: unknown) => {
    resolved.onError?.(toRedisStoreError(error, 'connection'));
  };
  const ownsClient = resolved.client === undefined;
  const client =
    resolved.client ??
    new Redis(resolved.url, {
      ...failFastOptions({ connectTimeoutMs }),
      ...resolved.redisOptions,
      // ioredis types `replyMapping` more narrowly in its constructor than in
      // RedisOptions; the commands used here reply alike under every mapping.
    } as Omit<RedisOptions, 'replyMapping'>);
  if (ownsClient) {
    // An ioredis client without an error listener prints every connection failure.
    client.on('error', report);
  }
  const cipher =
    resolved.encryptionKey === undefined ? undefined : createValueCipher(resolved.encryptionKey);
  const channel = `${keyPrefix}set`;
  const notifier = createSetNotifier({
    client,
    channel,
    timeoutMs: connectTimeoutMs + operationTimeoutMs,
    onError: report,
  });
  const pendingWaits = new Set<() => void>();
  let closing: Promise<void> | undefined;

  const prefixed = (key: string) => `${keyPrefix}${key}`;

  function run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (closing !== undefined) {
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
  }

  async function reveal(key: string, stored: string | null): Promise<string | undefined> {
    if (stored === null) {
      return undefined;
    }
    if (stored.startsWith(RECORD_PREFIX)) {
      // Written by compareAndSet, in clear (no secret in it) so Redis can compare it.
      return stored.slice(RECORD_PREFIX.length);
    }
    if (cipher !== undefined) {
      return cipher.decrypt(stored, key);
    }
    // Ciphertext from an encrypting process is a miss here, never a value.
    return stored.startsWith(SEALED_VALUE_PREFIX) ? undefined : stored;
  }

  const store: RedisStore = {
    shared: true,

    get(key) {
      return run('get', async () => reveal(key, await client.get(prefixed(key))));
    },

    set(key, value, ttlMs) {
      const ttl = wholeMilliseconds(ttlMs, 'set');
      if (ttl instanceof RedisStoreError) {
        return Promise.reject(ttl);
      }
      return run('set', async () => {
        const stored = cipher === undefined ? value : await cipher.encrypt(value, key);
        await client.eval(SET_AND_ANNOUNCE_SCRIPT, 1, prefixed(key), stored, ttl, channel, key);
      });
    },

    delete(key) {
      return run('delete', async () => {
        await client.del(prefixed(key));
      });
    },

    acquireLock(key, owner, ttlMs) {
      const ttl = wholeMilliseconds(ttlMs, 'acquireLock');
      if (ttl instanceof RedisStoreError) {
        return Promise.reject(ttl);
      }
      return run(
        'acquireLock',
        async () => (await client.set(prefixed(key), owner, 'PX', ttl, 'NX')) === 'OK',
      );
    },

    releaseLock(key, owner) {
      return run('releaseLock', async () => {
        await client.eval(RELEASE_LOCK_SCRIPT, 1, prefixed(key), owner);
      });
    },

    compareAndSet(key, expected, next, ttlMs) {
      const ttl = ttlMs === undefined ? '' : wholeMilliseconds(ttlMs, 'compareAndSet');
      if (ttl instanceof RedisStoreError) {
        return Promise.reject(ttl);
      }
      return run('compareAndSet', async () => {
        const replaced = await client.eval(
          COMPARE_AND_SET_SCRIPT,
          1,
          prefixed(key),
          expected === undefined ? '0' : '1',
          expected === undefined ? '' : `${RECORD_PREFIX}${expected}`,
          `${RECORD_PREFIX}${next}`,
          ttl,
        );
        return replaced === 1;
      });
    },

    waitFor(key, timeoutMs, signal) {
      if (closing !== undefined) {
        return run('waitFor', async () => undefined);
      }
      if (signal?.aborted) {
        return Promise.resolve(undefined);
      }
      return new Promise<string | undefined>((resolve, reject) => {
        let settled = false;
        let reading = false;
        let readAgain = false;

        const settle = () => {
          settled = true;
          clearTimeout(deadline);
          clearInterval(poll);
          stopListening();
          signal?.removeEventListener('abort', giveUp);
          pendingWaits.delete(giveUp);
        };
        function giveUp() {
          if (!settled) {
            settle();
            resolve(undefined);
          }
        }
        // One read at a time; an announcement during a read triggers one more,
        // since that read may have started before the value was stored.
        const read = () => {
          if (settled) {
            return;
          }
          if (reading) {
            readAgain = true;
            return;
          }
          reading = true;
          store.get(key).then(
            (value) => {
              reading = false;
              if (settled) {
                return;
              }
              if (value !== undefined) {
                settle();
                resolve(value);
              } else if (readAgain) {
                readAgain = false;
                read();
              }
            },
            (error: unknown) => {
              reading = false;
              if (!settled) {
                settle();
                reject(error);
              }
            },
          );
        };

        const stopListening = notifier.listen(key, read);
        const deadline = setTimeout(giveUp, timeoutMs);
        const poll = setInterval(read, pollIntervalMs);
        (deadline as { unref?: () => void }).unref?.();
        (poll as { unref?: () => void }).unref?.();
        signal?.addEventListener('abort', giveUp, { once: true });
        pendingWaits.add(giveUp);
        read();
      });
    },

    close() {
      closing ??= (async () => {
        for (const giveUp of [...pendingWaits]) {
          giveUp();
        }
        await notifier.close();
        if (ownsClient) {
          await endConnection(client, operationTimeoutMs);
        }
      })();
      return closing;
    },
  };
  return store;
}

/**
 * Marks a value written by `compareAndSet`: kept in clear, so the script can
 * compare it, and told apart from a token value (sealed, or JSON).
 */
const RECORD_PREFIX = 'enkash-record:';

/** Redis wants whole milliseconds; a fraction rounds up so a TTL never shortens to zero. */
function wholeMilliseconds(ttlMs: number, operation: string): number | RedisStoreError {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    return new RedisStoreError(`${operation} needs a positive TTL in milliseconds.`, {
      code: REDIS_STORE_ERROR_CODES.INVALID_ARGUMENT,
      operation,
    });
  }
  return Math.ceil(ttlMs);
}
