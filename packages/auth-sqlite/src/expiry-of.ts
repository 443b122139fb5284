import { SQLITE_STORE_ERROR_CODES, SqliteStoreError } from './sqlite-store-error.js';

/**
 * The expiry of a TTL: `now` plus the TTL in whole milliseconds (a fraction
 * rounds up, so a TTL never shortens to zero), capped at the largest safe
 * integer. Throws `SQLITE_INVALID_ARGUMENT` for anything but a positive
 * finite number.
 */
export function expiryOf(ttlMs: number, operation: string): (now: number) => number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new SqliteStoreError(`${operation} needs a positive TTL in milliseconds.`, {
      code: SQLITE_STORE_ERROR_CODES.INVALID_ARGUMENT,
      operation,
    });
  }
  return (now) => Math.min(now + Math.ceil(ttlMs), Number.MAX_SAFE_INTEGER);
}
