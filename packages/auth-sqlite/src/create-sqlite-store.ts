import { waitForStoredValue } from '@enkash/auth-core';
import { expiryOf } from './expiry-of.js';
import { openDatabase } from './open-database.js';
import { prepareFile } from './prepare-file.js';
import { resolveOptions } from './resolve-options.js';
import { runOperation } from './run-operation.js';
import type { SqliteStore, SqliteStoreOptions } from './sqlite-store-options.js';
import { prepareStatements } from './store-statements.js';

/** How often `waitFor` reads the key: one indexed read, microseconds each. */
const WAIT_POLL_MS = 10;

/**
 * A {@link SqliteStore}: one token, one lock and one lockout count for every
 * process on the host that opens the same file, kept across restarts, on
 * `node:sqlite` (built into Node 22.13 and later and Node 24: no native
 * addon, no download).
 *
 * The file is opened (created with mode 0600 when absent) at once, in WAL
 * mode; a bad `path`, permissions open to other users or an unusable file
 * throw an `EnkashAuthError` with code `CONFIG` here. Every read-modify-write
 * (the lock, the lockout guard's attempt record) is one `BEGIN IMMEDIATE`
 * transaction. Tokens are stored until they expire, sealed with AES-256-GCM
 * when `encryptionKey` is given; expired rows are swept out with each token
 * write, so the file does not grow with time. A failing operation rejects
 * with a `SqliteStoreError`, which the core reports as `store-error` before
 * going on in-process.
 *
 * On Node 22, the first call makes Node print its one-line ExperimentalWarning
 * for `node:sqlite` (importing this package prints nothing); Node 24 prints none.
 *
 * @example
 * ```ts
 * import { createSqliteStore } from '@enkash/auth-sqlite';
 * import { createPayoutsAuth } from '@enkash/payouts';
 *
 * const store = createSqliteStore({ encryptionKey: process.env.TOKEN_KEY });
 * const payouts = createPayoutsAuth({ ...credentials, store });
 * ```
 */
export function createSqliteStore(options?: SqliteStoreOptions): SqliteStore {
  const { path, isDefaultPath, codec } = resolveOptions(options);
  prepareFile(path, { createFolder: isDefaultPath });
  const database = openDatabase(path);
  const statements = prepareStatements(database);
  const pendingWaits = new Set<() => void>();
  let closed = false;
  const isClosed = () => closed;

  const store: SqliteStore = {
    shared: true,
    path,
    get(key) {
      return runOperation('get', isClosed, async () => {
        const row = statements.read(key, Date.now());
        if (row === undefined) {
          return undefined;
        }
        // A record is kept as compareAndSet wrote it; a token value as the codec opens it.
        return row.record === 1 ? row.value : codec.decode(row.value, key);
      });
    },
    async set(key, value, ttlMs) {
      const ttl = expiryOf(ttlMs, 'set');
      const stored = await codec.encode(value, key);
      return runOperation('set', isClosed, () => {
        const now = Date.now();
        statements.write(key, stored, ttl(now), now);
      });
    },
    delete(key) {
      return runOperation('delete', isClosed, () => statements.remove(key));
    },
    async acquireLock(key, owner, ttlMs) {
      const ttl = expiryOf(ttlMs, 'acquireLock');
      return runOperation('acquireLock', isClosed, () => {
        const now = Date.now();
        return statements.acquire(key, owner, ttl(now), now);
      });
    },
    releaseLock(key, owner) {
      return runOperation('releaseLock', isClosed, () => statements.release(key, owner));
    },
    async compareAndSet(key, expected, next, ttlMs) {
      const ttl = ttlMs === undefined ? undefined : expiryOf(ttlMs, 'compareAndSet');
      return runOperation('compareAndSet', isClosed, async () => {
        const now = Date.now();
        if (statements.compareAndSet(key, expected, next, ttl?.(now) ?? null, now)) return true;
        // A value no compareAndSet wrote (an unreadable token value, a row another tool left)
        // compares as `get` reveals it, or the guard could never replace a corrupt count.
        const current = statements.read(key, now);
        if (current === undefined || current.record === 1) return false;
        if ((await codec.decode(current.value, key)) !== expected) return false;
        const later = Date.now();
        return statements.replaceValue(key, current.value, next, ttl?.(later) ?? null, later);
      });
    },
    waitFor(key, timeoutMs, signal) {
      if (closed) {
        return runOperation('waitFor', isClosed, () => undefined);
      }
      return waitForStoredValue({
        read: () => store.get(key),
        timeoutMs,
        signal,
        pollIntervalMs: WAIT_POLL_MS,
        track: (giveUp) => {
          pendingWaits.add(giveUp);
          return () => pendingWaits.delete(giveUp);
        },
      });
    },
    async close() {
      if (closed) {
        return;
      }
      closed = true;
      for (const giveUp of [...pendingWaits]) {
        giveUp();
      }
      database.close();
    },
  };
  return store;
}
