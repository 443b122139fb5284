import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { KeepAlive } from '../util/keep-alive.js';

/** The `ABORTED` error of a caller whose signal fired. */
export function abortedError(product: string, signal: AbortSignal): EnkashAuthError {
  return new EnkashAuthError(
    `Stopped waiting for the ${product} token because the caller's signal aborted. A shared token request carries on for other callers.`,
    { code: 'ABORTED', product, cause: signal.reason },
  );
}

/**
 * Lets one caller stop waiting for a shared promise without cancelling it:
 * the caller's promise rejects with `ABORTED`, the shared one carries on.
 * With a {@link KeepAlive}, the caller counts as waiting until the shared
 * promise settles or its signal fires, so the request's timers stop keeping
 * the process alive once every caller has gone.
 */
export function raceSignal<T>(
  shared: Promise<T>,
  signal: AbortSignal | undefined,
  product: string,
  keepAlive?: KeepAlive,
): Promise<T> {
  if (signal?.aborted === true) {
    return Promise.reject(abortedError(product, signal));
  }
  const leave = keepAlive?.enter();
  if (signal === undefined) {
    if (leave !== undefined) shared.then(leave, leave);
    return shared;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      leave?.();
      reject(abortedError(product, signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        leave?.();
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        leave?.();
        reject(error);
      },
    );
  });
}
