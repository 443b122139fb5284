import { expect } from 'vitest';
import { EnkashAuthError } from '../src/errors/enkash-auth-error.js';

/** Awaits a promise that must reject with an `EnkashAuthError`, and returns that error. */
export async function failureOf(promise: Promise<unknown>): Promise<EnkashAuthError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(EnkashAuthError.isInstance(error)).toBe(true);
  return error as EnkashAuthError;
}
