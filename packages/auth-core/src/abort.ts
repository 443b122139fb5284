import { EnkashAuthError } from './enkash-auth-error.js';

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
 */
export function raceSignal<T>(
  shared: Promise<T>,
  signal: AbortSignal | undefined,
  product: string,
): Promise<T> {
  if (signal === undefined) {
    return shared;
  }
  if (signal.aborted) {
    return Promise.reject(abortedError(product, signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(product, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
