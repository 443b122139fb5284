import type { TokenStore } from './token-store.js';

/** Runs store operations so that a fault is reported and replaced by a fallback, never thrown. */
export type GuardedStoreCall = <T>(
  operation: keyof TokenStore,
  run: () => Promise<T>,
  fallback: T,
) => Promise<T>;

/**
 * Builds the one place store faults are handled: each is reported (the
 * lifecycle emits `store-error`) and the caller continues on its in-process
 * path with the fallback value.
 */
export function createGuardedStoreCall(
  report: (operation: keyof TokenStore, error: unknown) => void,
): GuardedStoreCall {
  return async (operation, run, fallback) => {
    try {
      return await run();
    } catch (error) {
      report(operation, error);
      return fallback;
    }
  };
}
