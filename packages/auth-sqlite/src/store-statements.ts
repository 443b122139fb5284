import type { DatabaseSync } from 'node:sqlite';

/** A row of `enkash_values` as read. */
interface ValueRow {
  value: string;
  record: number;
}

/** What the store does to its database: each call synchronous and atomic. */
export interface StoreStatements {
  /** The live value under `key` and whether `compareAndSet` wrote it, or `undefined`. */
  read(key: string, now: number): ValueRow | undefined;
  /** Stores a `set` value, and sweeps out whatever expired, in one transaction. */
  write(key: string, stored: string, expiresAt: number, now: number): void;
  remove(key: string): void;
  /** Takes the lock when nobody holds it (or its holder's TTL passed). */
  acquire(key: string, owner: string, expiresAt: number, now: number): boolean;
  release(key: string, owner: string): void;
  /** Replaces a value `set` wrote with the record `next`, only while it is still `stored`. */
  replaceValue(
    key: string,
    stored: string,
    next: string,
    expiresAt: number | null,
    now: number,
  ): boolean;
  /** Replaces the record only when the live value is the record `expected` (`undefined`: none). */
  compareAndSet(
    key: string,
    expected: string | undefined,
    next: string,
    expiresAt: number | null,
    now: number,
  ): boolean;
}

/**
 * The store's statements, prepared once. A read-modify-write runs in a
 * `BEGIN IMMEDIATE` transaction: it takes the database's write lock before
 * reading, so no other process writes between the read and the write, and a
 * process killed mid-transaction leaves nothing behind (SQLite rolls it back
 * and the OS frees its lock). The transaction never spans an `await`, so no
 * other call of this process can slip into it.
 */
export function prepareStatements(database: DatabaseSync): StoreStatements {
  const select = database.prepare(
    'SELECT value, record FROM enkash_values WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)',
  );
  const upsert = database.prepare(
    'INSERT INTO enkash_values (key, value, record, expires_at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET value = excluded.value, record = excluded.record, expires_at = excluded.expires_at',
  );
  const removeValue = database.prepare('DELETE FROM enkash_values WHERE key = ?');
  const sweepValues = database.prepare('DELETE FROM enkash_values WHERE expires_at <= ?');
  const sweepLocks = database.prepare('DELETE FROM enkash_locks WHERE expires_at <= ?');
  const liveLock = database.prepare(
    'SELECT 1 AS held FROM enkash_locks WHERE key = ? AND expires_at > ?',
  );
  const takeLock = database.prepare(
    'INSERT OR REPLACE INTO enkash_locks (key, owner, expires_at) VALUES (?, ?, ?)',
  );
  const releaseLock = database.prepare('DELETE FROM enkash_locks WHERE key = ? AND owner = ?');

  function transaction<T>(work: () => T): T {
    database.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      database.exec('COMMIT');
      return result;
    } catch (error) {
      try {
        database.exec('ROLLBACK');
      } catch {
        // SQLite rolls back by itself on some failures (disk full, I/O): the failure is what counts.
      }
      throw error;
    }
  }
  const read = (key: string, now: number) => select.get(key, now) as ValueRow | undefined;

  return {
    read,
    write(key, stored, expiresAt, now) {
      transaction(() => {
        upsert.run(key, stored, 0, expiresAt);
        // Tokens, locks and announcements of accounts no longer used leave with the next write.
        const swept = Number(sweepValues.run(now).changes) + Number(sweepLocks.run(now).changes);
        if (swept > 0) {
          database.exec('PRAGMA incremental_vacuum');
        }
      });
    },
    remove(key) {
      removeValue.run(key);
    },
    acquire(key, owner, expiresAt, now) {
      return transaction(() => {
        if (liveLock.get(key, now) !== undefined) {
          return false;
        }
        takeLock.run(key, owner, expiresAt);
        return true;
      });
    },
    release(key, owner) {
      releaseLock.run(key, owner);
    },
    compareAndSet(key, expected, next, expiresAt, now) {
      return transaction(() => {
        const current = read(key, now);
        const matches =
          expected === undefined
            ? current === undefined
            : current !== undefined && current.record === 1 && current.value === expected;
        if (!matches) {
          return false;
        }
        upsert.run(key, next, 1, expiresAt);
        return true;
      });
    },
    replaceValue(key, stored, next, expiresAt, now) {
      return transaction(() => {
        const current = read(key, now);
        if (current === undefined || current.record === 1 || current.value !== stored) {
          return false;
        }
        upsert.run(key, next, 1, expiresAt);
        return true;
      });
    },
  };
}
