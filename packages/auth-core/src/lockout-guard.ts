import type { Account } from './account.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import type { Emit } from './events.js';
import type { StoreAccess } from './store-access.js';

/** What the guard needs from its auth. */
export interface LockoutGuardContext {
  product: string;
  maxConsecutiveFailures: number;
  /** The account whose attempts this process counts. */
  account: () => Account;
  /** The store that counts for a fleet, or `undefined` when the auth was given none. */
  store: StoreAccess | undefined;
  emit: Emit;
}

/** One attempt the guard let through; exactly one of its methods settles it. */
export interface AttemptReservation {
  /** A token arrived: the count starts again from zero. */
  succeeded(): Promise<void>;
  /** The attempt never counted (network error, timeout, 408, 429, 5xx): the reservation is given back. */
  giveBack(): Promise<void>;
  /** The attempt failed and stays counted; resolves the count, and emits `lockout` when it reaches the threshold. */
  keepCounted(): Promise<number>;
}

/** The attempt count of one account and its threshold. */
export interface LockoutGuard {
  /**
   * Counts the next attempt before it is sent and resolves its reservation,
   * or throws `LOCKOUT_GUARD` when that attempt would exceed
   * `maxConsecutiveFailures`.
   */
  reserve(): Promise<AttemptReservation>;
  /** Clears the count on the caller's request. */
  reset(): Promise<void>;
}

/**
 * EnKash locks an account after 3 consecutive failed logins, and a client
 * that retries a wrong password locks its own user out. The guard counts
 * every attempt before it is sent (count first, then send) and keeps it
 * counted unless a token or a transient failure comes back. In process the
 * count lives in the account, shared by every auth of it; a store given to
 * the auth counts as well (with the atomic `increment`), so a fleet sharing
 * it can never spend the same last attempt twice. A shared store is the
 * fleet's truth; a store that is not shared can only add to the process's
 * count. When the store faults the process counts alone.
 */
export function createLockoutGuard(context: LockoutGuardContext): LockoutGuard {
  const { product, maxConsecutiveFailures, store, emit } = context;

  return {
    async reserve() {
      const account = context.account();
      const key = store === undefined ? undefined : (await account.keys()).failures;
      const stored = key === undefined ? undefined : await store?.increment(key);
      const inProcess = account.attempts + 1;
      const count =
        stored === undefined ? inProcess : store?.shared ? stored : Math.max(stored, inProcess);
      account.attempts = count;
      if (count > maxConsecutiveFailures) {
        // Over the limit: this attempt is never sent, so it must not stay counted.
        account.attempts = count - 1;
        if (key !== undefined && stored !== undefined) await store?.decrement(key);
        throw lockoutGuardError(product, count - 1);
      }
      account.reservations += 1;
      // Each reservation is settled exactly once, by one of the three methods.
      const settle = () => {
        account.reservations = Math.max(0, account.reservations - 1);
      };
      return {
        async succeeded() {
          settle();
          account.attempts = 0;
          // A store that was down when the attempt was reserved holds no reservation to clear.
          if (key !== undefined && stored !== undefined) await store?.resetCount(key);
        },
        async giveBack() {
          settle();
          account.attempts = Math.max(0, account.attempts - 1);
          if (key !== undefined && stored !== undefined) await store?.decrement(key);
        },
        async keepCounted() {
          settle();
          const failures = account.attempts;
          if (failures >= maxConsecutiveFailures) {
            emit('lockout', { product, failures, maxConsecutiveFailures });
          }
          return failures;
        },
      };
    },
    async reset() {
      const account = context.account();
      account.attempts = 0;
      if (store !== undefined) await store.resetCount((await account.keys()).failures);
    },
  };
}

function lockoutGuardError(product: string, count: number): EnkashAuthError {
  return new EnkashAuthError(
    `The lockout guard refused a ${product} token request without contacting EnKash: the last ${count} attempts were rejected, and EnKash locks the account after 3. Fix the credentials, then call resetLockout().`,
    { code: 'LOCKOUT_GUARD', product },
  );
}
