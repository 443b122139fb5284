import type { TokenStore } from '../store/token-store.js';

/** Waits `milliseconds` (the contract's expiry cases wait out real TTLs). */
export const wait = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** The contract's timings and load, defaults applied. */
export interface ContractSettings {
  shortTtlMs: number;
  settleMs: number;
  concurrency: number;
}

/**
 * The store of the case under way, as one object the cases can hold while
 * each case gets a store of its own: every property is read from `current()`
 * when used (a method bound to it, an absent `waitFor` absent).
 */
export function caseStore(current: () => TokenStore): TokenStore {
  return new Proxy({} as TokenStore, {
    get(_target, name) {
      const store = current();
      const value: unknown = Reflect.get(store, name);
      return typeof value === 'function' ? value.bind(store) : value;
    },
  });
}

let keyCounter = 0;

/** A key no other case (nor an earlier run against a shared server) uses. */
export function uniqueKey(label: string): string {
  keyCounter += 1;
  return `contract:${label}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2)}:${keyCounter}`;
}
