import { matchesStoreError, TokenStoreError, type TokenStoreErrorOptions } from '@enkash/auth-core';

/**
 * Every `code` a {@link RedisStoreError} can carry. The values are stable:
 * match on them, never on messages.
 */
export const REDIS_STORE_ERROR_CODES = {
  /** Redis did not answer within `operationTimeoutMs`. */
  TIMEOUT: 'REDIS_TIMEOUT',
  /** The command failed: Redis is unreachable, refused the connection or answered with an error. */
  UNAVAILABLE: 'REDIS_UNAVAILABLE',
  /** A TTL that is not a positive number of milliseconds. */
  INVALID_ARGUMENT: 'REDIS_INVALID_ARGUMENT',
  /** The store was used after `close()`. */
  CLOSED: 'REDIS_CLOSED',
} as const;

/** One of the stable {@link REDIS_STORE_ERROR_CODES}. */
export type RedisStoreErrorCode =
  (typeof REDIS_STORE_ERROR_CODES)[keyof typeof REDIS_STORE_ERROR_CODES];

const SYMBOL = Symbol.for('enkash.auth-redis.store-error');

/**
 * Why a Redis store operation was rejected. The core catches it, emits
 * `store-error` and carries on in-process, so callers of `getToken()` never
 * see it. Its message and cause name the operation and the Redis failure only:
 * never a key's value, a token or a command's arguments.
 *
 * @example
 * ```ts
 * auth.on('store-error', (payload) => {
 *   // payload.errorName is 'RedisStoreError', payload.code its stable code (REDIS_TIMEOUT, ...)
 * });
 * ```
 */
export class RedisStoreError extends TokenStoreError<RedisStoreErrorCode> {
  override readonly name = 'RedisStoreError';

  constructor(message: string, options: TokenStoreErrorOptions<RedisStoreErrorCode>) {
    super(message, options);
    // Non-enumerable, so it stays out of JSON and inspection.
    Object.defineProperty(this, SYMBOL, { value: true });
  }

  /** The same check as {@link isRedisStoreError}. */
  static isInstance(value: unknown): value is RedisStoreError {
    return isRedisStoreError(value);
  }
}

/**
 * Type guard for {@link RedisStoreError} from any copy of this package: the
 * `Symbol.for` marker, or an error named `RedisStoreError` with a string
 * `code` (one that crossed a realm or a serialisation). The same check as
 * `RedisStoreError.isInstance`.
 *
 * @example
 * ```ts
 * if (isRedisStoreError(error) && error.code === 'REDIS_TIMEOUT') { ... }
 * ```
 */
export function isRedisStoreError(value: unknown): value is RedisStoreError {
  return matchesStoreError(value, 'RedisStoreError', SYMBOL);
}
