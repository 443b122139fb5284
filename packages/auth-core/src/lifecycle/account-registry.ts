import type { StoreKeyIdentity } from '../store/store-key.js';
import { type Account, createAccount } from './account.js';

/**
 * The accounts of one process: every auth for the same product, base URL,
 * client id and username gets the same {@link Account}, so the lockout guard,
 * the cache and the single-flight are per account, however many auths and
 * stores were created.
 */
export interface AccountRegistry {
  /** The account of `identity`, created on first use. Look it up again once it is `retired`. */
  accountFor(identity: StoreKeyIdentity): Account;
  /** How many accounts are remembered. */
  readonly size: number;
  /** Forgets every account, as if the process had just started. */
  forget(): void;
}

/** Options of {@link createAccountRegistry}. */
export interface AccountRegistryOptions {
  /** Sweep idle accounts once this many are remembered (the threshold then follows the live count). Default 1,000. */
  sweepAbove?: number;
  /** Clock for telling an expired token from a live one. Default `Date`. */
  clock?: { now(): number };
}

const DEFAULT_SWEEP_ABOVE = 1_000;

/**
 * Creates a registry. Memory stays bounded without a timer: whenever the
 * number of accounts reaches the sweep threshold, accounts that hold nothing
 * worth keeping (no live token, no request under way, no counted failure) are
 * dropped, and the threshold becomes twice the accounts left. An account with
 * a counted failure is kept until a token or `resetLockout()` clears it:
 * forgetting it would hand EnKash attempts the guard already spent.
 */
export function createAccountRegistry(options: AccountRegistryOptions = {}): AccountRegistry {
  const minimum = options.sweepAbove ?? DEFAULT_SWEEP_ABOVE;
  const clock = options.clock ?? Date;
  const accounts = new Map<string, Account>();
  let sweepAt = minimum;

  function sweep(): void {
    const now = clock.now();
    for (const [key, account] of accounts) {
      if (account.isIdle(now)) {
        account.retired = true;
        accounts.delete(key);
      }
    }
    sweepAt = Math.max(minimum, accounts.size * 2);
  }

  return {
    accountFor(identity) {
      // JSON keeps the fields unambiguous: no separator can be smuggled into one.
      const key = JSON.stringify([
        identity.product,
        identity.baseUrl,
        identity.clientId,
        identity.username,
      ]);
      const found = accounts.get(key);
      if (found !== undefined) return found;
      if (accounts.size >= sweepAt) sweep();
      const account = createAccount(identity);
      accounts.set(key, account);
      return account;
    },
    get size() {
      return accounts.size;
    },
    forget() {
      for (const account of accounts.values()) account.retired = true;
      accounts.clear();
      sweepAt = minimum;
    },
  };
}

/** The registry every auth of this process uses. */
const processAccounts: AccountRegistry = createAccountRegistry();

/**
 * Forgets every account of this process: held tokens, requests under way
 * (they finish for their callers) and in-process lockout counts. For test
 * suites that reuse one set of credentials against a sandbox across cases;
 * counts kept in a store given with `store` are not touched.
 */
export function forgetAccounts(): void {
  processAccounts.forget();
}

let constructing: AccountRegistry = processAccounts;

/** The registry an auth created now joins: the process's, unless {@link constructIn} says otherwise. */
export function registryForConstruction(): AccountRegistry {
  return constructing;
}

/**
 * Runs `construct` with `registry` as the registry of every auth it creates
 * (construction is synchronous). Tests use it to play several processes of a
 * fleet in one; it is not part of the package's exports.
 */
export function constructIn<T>(registry: AccountRegistry, construct: () => T): T {
  const previous = constructing;
  constructing = registry;
  try {
    return construct();
  } finally {
    constructing = previous;
  }
}

/**
 * The account of `identity` in `registry` as a function: looked up on first
 * use (construction touches no account), and again once the registry forgot it.
 */
export function accountLookup(
  registry: AccountRegistry,
  identity: StoreKeyIdentity,
): () => Account {
  let account: Account | undefined;
  return () => {
    if (account === undefined || account.retired) {
      account = registry.accountFor(identity);
    }
    return account;
  };
}
