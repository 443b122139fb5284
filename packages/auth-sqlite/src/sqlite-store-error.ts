import { matchesStoreError, TokenStoreError, type TokenStoreErrorOptions } from '@enkash/auth-core';

/**
 * Every `code` a {@link SqliteStoreError} can carry. The values are stable:
 * match on them, never on messages.
 */
export const SQLITE_STORE_ERROR_CODES = {
  /** Another process kept the database locked for longer than the store waits (2 s). */
  BUSY: 'SQLITE_BUSY',
  /** SQLite failed the operation: disk full, I/O error, a file made read-only, removed or corrupted. */
  FAILED: 'SQLITE_FAILED',
  /** A TTL that is not a positive number of milliseconds. */
  INVALID_ARGUMENT: 'SQLITE_INVALID_ARGUMENT',
  /** The store was used after `close()`. */
  CLOSED: 'SQLITE_CLOSED',
} as const;

/** One of the stable {@link SQLITE_STORE_ERROR_CODES}. */
export type SqliteStoreErrorCode =
  (typeof SQLITE_STORE_ERROR_CODES)[keyof typeof SQLITE_STORE_ERROR_CODES];

const SYMBOL = Symbol.for('enkash.auth-sqlite.store-error');

/**
 * Why a SQLite store operation was rejected. The core catches it, emits
 * `store-error` and carries on in-process, so callers of `getToken()` never
 * see it. Its message and cause name the operation and SQLite's failure only:
 * never a stored value or a token.
 *
 * @example
 * ```ts
 * auth.on('store-error', (payload) => {
 *   // payload.errorName is 'SqliteStoreError', payload.code its stable code (SQLITE_BUSY, ...)
 * });
 * ```
 */
export class SqliteStoreError extends TokenStoreError<SqliteStoreErrorCode> {
  override readonly name = 'SqliteStoreError';

  constructor(message: string, options: TokenStoreErrorOptions<SqliteStoreErrorCode>) {
    super(message, options);
    // Non-enumerable, so it stays out of JSON and inspection.
    Object.defineProperty(this, SYMBOL, { value: true });
  }

  /** The same check as {@link isSqliteStoreError}. */
  static isInstance(value: unknown): value is SqliteStoreError {
    return isSqliteStoreError(value);
  }
}

/**
 * Type guard for {@link SqliteStoreError} from any copy of this package: the
 * `Symbol.for` marker, or an error named `SqliteStoreError` with a string
 * `code`. The same check as `SqliteStoreError.isInstance`.
 *
 * @example
 * ```ts
 * if (isSqliteStoreError(error) && error.code === 'SQLITE_BUSY') { ... }
 * ```
 */
export function isSqliteStoreError(value: unknown): value is SqliteStoreError {
  return matchesStoreError(value, 'SqliteStoreError', SYMBOL);
}
