import type { TokenStore } from './token-store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Clock for expiry, in epoch milliseconds. For tests; default `Date.now`. */
  clock?:
    | {
        /** The current time in epoch milliseconds. */
        now(): number;
      }
    | undefined;
}

/**
 * The default {@link TokenStore}: a plain in-process map. Entries expire
 * lazily when read, so the store holds no timer however many keys it has.
 * Not shared: each process (and each store instance) is on its own.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const payouts = createPayoutsAuth({ ...credentials, store });
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): TokenStore {
  const clock = options.clock ?? Date;
  const values = new Map<string, Entry>();
  const locks = new Map<string, { owner: string; expiresAt: number }>();
  const waiters = new Map<string, Set<(value: string) => void>>();

  function live<T extends { expiresAt: number }>(map: Map<string, T>, key: string): T | undefined {
    const entry = map.get(key);
    if (entry !== undefined && entry.expiresAt <= clock.now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  return {
    async get(key) {
      return live(values, key)?.value;
    },
    async set(key, value, ttlMs) {
      values.set(key, { value, expiresAt: clock.now() + ttlMs });
      const pending = waiters.get(key);
      if (pending !== undefined) {
        waiters.delete(key);
        for (const resolve of pending) {
          resolve(value);
        }
      }
    },
    async delete(key) {
      values.delete(key);
    },
    async acquireLock(key, owner, ttlMs) {
      if (live(locks, key) !== undefined) {
        return false;
      }
      locks.set(key, { owner, expiresAt: clock.now() + ttlMs });
      return true;
    },
    async releaseLock(key, owner) {
      if (live(locks, key)?.owner === owner) {
        locks.delete(key);
      }
    },
    async compareAndSet(key, expected, next, ttlMs) {
      if (live(values, key)?.value !== expected) {
        return false;
      }
      values.set(key, {
        value: next,
        expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : clock.now() + ttlMs,
      });
      return true;
    },
    waitFor(key, timeoutMs, signal) {
      const current = live(values, key);
      if (current !== undefined) {
        return Promise.resolve(current.value);
      }
      return nextValue(waiters, key, timeoutMs, signal);
    },
  };
}

/** The next value set under `key`, or `undefined` after `timeoutMs` or once `signal` aborts. */
function nextValue(
  waiters: Map<string, Set<(value: string) => void>>,
  key: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  return new Promise<string | undefined>((resolve) => {
    let pending = waiters.get(key);
    if (pending === undefined) {
      pending = new Set();
      waiters.set(key, pending);
    }
    const finish = (value: string | undefined) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const set = waiters.get(key);
      set?.delete(onValue);
      if (set?.size === 0) {
        waiters.delete(key);
      }
      resolve(value);
    };
    const onValue = (value: string) => finish(value);
    const onAbort = () => finish(undefined);
    pending.add(onValue);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    (timer as { unref?: () => void }).unref?.();
    if (signal?.aborted) {
      finish(undefined);
    } else {
      signal?.addEventListener('abort', onAbort, { once: true });
    }
  });
}
