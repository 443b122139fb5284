import {
  isRedisStoreError,
  REDIS_STORE_ERROR_CODES,
  RedisStoreError,
} from './redis-store-error.js';

/**
 * Settles like `work`, but rejects with a `REDIS_TIMEOUT` {@link RedisStoreError}
 * once `timeoutMs` has passed, and turns any other failure into a
 * `REDIS_UNAVAILABLE` one. The late outcome of timed-out work is still
 * observed, so it never becomes an unhandled rejection.
 */
export function withTimeout<T>(work: Promise<T>, operation: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new RedisStoreError(`Redis did not answer ${operation} within ${timeoutMs} ms.`, {
          code: REDIS_STORE_ERROR_CODES.TIMEOUT,
          operation,
        }),
      );
    }, timeoutMs);
    (timer as { unref?: () => void }).unref?.();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(toRedisStoreError(error, operation));
      },
    );
  });
}

/**
 * Wraps a Redis client failure. ioredis attaches the failed command, with its
 * arguments (a stored token among them), to its errors: only the name, message
 * and system error code travel on, in a fresh cause.
 */
export function toRedisStoreError(error: unknown, operation: string): RedisStoreError {
  if (isRedisStoreError(error)) {
    return error;
  }
  const cause = withoutCommand(error);
  // A client's own `commandTimeout` is a timeout all the same.
  const timedOut = cause.message === 'Command timed out';
  return new RedisStoreError(`Redis ${operation} failed: ${cause.message}`, {
    code: timedOut ? REDIS_STORE_ERROR_CODES.TIMEOUT : REDIS_STORE_ERROR_CODES.UNAVAILABLE,
    operation,
    cause,
  });
}

/** A copy of a client error with its name, message and system code only (not the command it carried). */
function withoutCommand(error: unknown): Error {
  if (!(error instanceof Error)) {
    return new Error(typeof error === 'string' ? error : 'unknown error');
  }
  const cause = new Error(error.message);
  cause.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    (cause as Error & { code?: string }).code = code;
  }
  return cause;
}
