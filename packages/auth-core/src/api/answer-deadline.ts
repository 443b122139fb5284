import { EnkashAuthError } from '../errors/enkash-auth-error.js';

/**
 * The deadline of one API answer (`apiTimeoutMs`): its signal aborts the
 * request, and {@link AnswerDeadline.race} settles whatever the SDK awaits
 * of the answer, for a custom fetch that ignores its signal too.
 */
export interface AnswerDeadline {
  /** Aborts when the deadline passes, or when the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** Whether the deadline passed (not the caller's signal). */
  readonly expired: boolean;
  /** `promise`, or a rejection with `TIMEOUT` should the deadline pass first. */
  race<T>(promise: Promise<T>): Promise<T>;
  /** The `TIMEOUT` error of this deadline. */
  error(): EnkashAuthError;
  /** Stops the timer; what was read stays the caller's. */
  clear(): void;
}

/**
 * Starts the deadline of one API answer. The timer holds the controller
 * until it is cleared, so the signal cannot be garbage-collected before it
 * fires. `outer` (the caller's signal, or ky's) aborts the request as well.
 */
export function startDeadline(
  product: string,
  timeoutMs: number,
  outer: AbortSignal | null | undefined,
): AnswerDeadline {
  const controller = new AbortController();
  const waiting = new Set<() => void>();
  let expired = false;
  const error = () => apiTimeoutError(product, timeoutMs);
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(
      new DOMException('The API answer took longer than apiTimeoutMs.', 'TimeoutError'),
    );
    for (const expire of waiting) expire();
  }, timeoutMs);
  return {
    signal: outer ? AbortSignal.any([outer, controller.signal]) : controller.signal,
    get expired() {
      return expired;
    },
    race(promise) {
      if (expired) return Promise.reject(error());
      return new Promise((resolve, reject) => {
        const expire = () => reject(error());
        waiting.add(expire);
        promise.then(
          (value) => {
            waiting.delete(expire);
            resolve(value);
          },
          (reason: unknown) => {
            waiting.delete(expire);
            reject(reason);
          },
        );
      });
    },
    error,
    clear() {
      clearTimeout(timer);
    },
  };
}

/** The `TIMEOUT` of an API answer that took longer than `apiTimeoutMs`. */
export function apiTimeoutError(product: string, timeoutMs: number): EnkashAuthError {
  return new EnkashAuthError(
    `The ${product} API did not answer within ${timeoutMs} ms (apiTimeoutMs). Check the network or raise apiTimeoutMs.`,
    { code: 'TIMEOUT', product },
  );
}
