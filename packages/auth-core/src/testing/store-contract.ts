import { afterEach, beforeEach, describe } from 'vitest';
import type { TokenStore } from '../store/token-store.js';
import { describeCompareAndSet, describeWaitFor } from './compare-and-wait-cases.js';
import { type ContractSettings, caseStore } from './contract-helpers.js';
import { describeLocks, describeValues } from './value-and-lock-cases.js';

/** Options of {@link runTokenStoreContract}. */
export interface TokenStoreContractOptions {
  /** TTL in milliseconds for the expiry cases. Default 50. */
  shortTtlMs?: number | undefined;
  /** How long past `shortTtlMs` to wait before expecting expiry. Default 40. */
  settleMs?: number | undefined;
  /** Concurrent `compareAndSet` and lock calls in the atomicity cases. Default 50. */
  concurrency?: number | undefined;
  /** Called after each case, e.g. to close a connection. */
  dispose?: ((store: TokenStore) => Promise<void> | void) | undefined;
}

/**
 * Registers a vitest `describe` suite that every {@link TokenStore} must pass:
 * get/set with TTL expiry, delete, owner-only lock release and lock expiry,
 * `compareAndSet` (exact comparison, one winner under concurrency, exact
 * read-modify-write loops, TTL or none: the lockout guard keeps its attempt
 * record with it), and `waitFor` when the store has it. Keys are unique per case, so a shared server needs
 * no flushing between runs.
 *
 * @example
 * ```ts
 * // memory-store.test.ts
 * import { createMemoryStore } from '@enkash/auth-core';
 * import { runTokenStoreContract } from '@enkash/auth-core/testing';
 *
 * runTokenStoreContract('memory store', () => createMemoryStore());
 * ```
 */
export function runTokenStoreContract(
  name: string,
  createStore: () => Promise<TokenStore> | TokenStore,
  options: TokenStoreContractOptions = {},
): void {
  const settings: ContractSettings = {
    shortTtlMs: options.shortTtlMs ?? 50,
    settleMs: options.settleMs ?? 40,
    concurrency: options.concurrency ?? 50,
  };

  describe(`TokenStore contract: ${name}`, () => {
    let current: TokenStore;

    beforeEach(async () => {
      current = await createStore();
    });

    afterEach(async () => {
      await options.dispose?.(current);
    });

    const store = caseStore(() => current);
    describeValues(store, settings);
    describeLocks(store, settings);
    describeCompareAndSet(store, settings);
    describeWaitFor(store, settings);
  });
}
