import { REDIS_STORE_ERROR_CODES, RedisStoreError } from './redis-store-error.js';

/**
 * Redis wants whole milliseconds; a fraction rounds up so a TTL never
 * shortens to zero. Throws `REDIS_INVALID_ARGUMENT` for anything but a
 * positive finite number.
 */
export function wholeMilliseconds(ttlMs: number, operation: string): number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RedisStoreError(`${operation} needs a positive TTL in milliseconds.`, {
      code: REDIS_STORE_ERROR_CODES.INVALID_ARGUMENT,
      operation,
    });
  }
  return Math.ceil(ttlMs);
}
