import type { AuthOptions } from './auth-options.js';
import { optionError } from './config-error.js';

/** Option `fetch`: a function, or left out for `globalThis.fetch`. */
export function resolveFetch(product: string, fetch: unknown): typeof globalThis.fetch | undefined {
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw optionError(product, 'fetch', 'must be a function');
  }
  return fetch as typeof globalThis.fetch | undefined;
}

/** Option `clock`: an object with a `now()` method, `Date` when left out. */
export function resolveClock(product: string, clock: AuthOptions['clock']): { now(): number } {
  const given = clock ?? Date;
  if (typeof given.now !== 'function') {
    throw optionError(product, 'clock', 'must have a now() method');
  }
  return given;
}
