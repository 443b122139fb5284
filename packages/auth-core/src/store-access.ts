import type { TokenStore } from './token-store.js';

/**
 * A {@link TokenStore} whose calls never throw: a fault is reported once and
 * answered with a neutral value, and the lifecycle goes on without the store. Reads
 * that must tell "absent" from "the store is down" (the lock, the counters)
 * resolve `undefined` on a fault.
 */
export interface StoreAccess {
  /** The wrapped store is shared between processes. */
  readonly shared: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** `undefined` when the store is down. */
  acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean | undefined>;
  releaseLock(key: string, owner: string): Promise<void>;
  /** `undefined` when the store is down. */
  increment(key: string): Promise<number | undefined>;
  /** `undefined` when the store is down. */
  decrement(key: string): Promise<number | undefined>;
  /** `undefined` when the store is down. */
  getCount(key: string): Promise<number | undefined>;
  resetCount(key: string): Promise<void>;
  /** Present when the store has `waitFor`; `undefined` on a fault, as on a timeout. */
  readonly waitFor?: (key: string, timeoutMs: number) => Promise<string | undefined>;
}

/**
 * Wraps a store once: every call goes through the one place store faults are
 * handled. `report` hears each fault (the lifecycle emits `store-error`).
 */
export function createStoreAccess(
  store: TokenStore,
  report: (operation: keyof TokenStore, error: unknown) => void,
): StoreAccess {
  async function call<T>(
    operation: keyof TokenStore,
    run: () => Promise<T>,
    fallback: T,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      report(operation, error);
      return fallback;
    }
  }
  const waitFor = store.waitFor?.bind(store);
  return {
    shared: store.shared === true,
    get: (key) => call('get', () => store.get(key), undefined),
    set: (key, value, ttlMs) => call('set', () => store.set(key, value, ttlMs), undefined),
    delete: (key) => call('delete', () => store.delete(key), undefined),
    acquireLock: (key, owner, ttlMs) =>
      call('acquireLock', () => store.acquireLock(key, owner, ttlMs), undefined),
    releaseLock: (key, owner) =>
      call('releaseLock', () => store.releaseLock(key, owner), undefined),
    increment: (key) => call('increment', () => store.increment(key), undefined),
    decrement: (key) => call('decrement', () => store.decrement(key), undefined),
    getCount: (key) => call('getCount', () => store.getCount(key), undefined),
    resetCount: (key) => call('resetCount', () => store.resetCount(key), undefined),
    ...(waitFor === undefined
      ? {}
      : {
          waitFor: (key: string, timeoutMs: number) =>
            call('waitFor', () => waitFor(key, timeoutMs), undefined),
        }),
  };
}
