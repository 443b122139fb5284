import { TOKEN_STORE_METHODS, type TokenStore } from './token-store.js';

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
 * handled, and a fault resolves `undefined`. `report` hears each fault (the
 * lifecycle emits `store-error`).
 */
export function createStoreAccess(
  store: TokenStore,
  report: (operation: keyof TokenStore, error: unknown) => void,
): StoreAccess {
  const access: Record<string, unknown> = { shared: store.shared === true };
  // Each operation wrapped alike: one loop instead of ten near-identical lines.
  const operations =
    store.waitFor === undefined
      ? TOKEN_STORE_METHODS
      : [...TOKEN_STORE_METHODS, 'waitFor' as const];
  for (const operation of operations) {
    access[operation] = async (...parameters: unknown[]) => {
      try {
        // Looked up at each call, as a direct call would.
        const method = store[operation] as (...values: unknown[]) => Promise<unknown>;
        return await method.apply(store, parameters);
      } catch (error) {
        report(operation, error);
        return undefined;
      }
    };
  }
  return access as unknown as StoreAccess;
}
