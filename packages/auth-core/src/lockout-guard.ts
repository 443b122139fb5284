import { EnkashAuthError } from './enkash-auth-error.js';
import type { RejectionDetails } from './product-definition.js';
import type { GuardedStoreCall } from './store-access.js';
import type { TokenStore } from './token-store.js';

/** What the guard needs from its auth. */
export interface LockoutGuardContext {
  product: string;
  maxConsecutiveFailures: number;
  store: TokenStore;
  /** The counter key; derived from the identity without the password. */
  key: () => Promise<string>;
  guarded: GuardedStoreCall;
  emit: (event: string, payload: unknown) => void;
}

/** The consecutive-rejection count of one credential set and its threshold. */
export interface LockoutGuard {
  /** Resolves the current count, or throws `LOCKOUT_GUARD` when the guard has tripped. */
  check(): Promise<number>;
  /** Counts one rejection and builds the `REJECTED` error that reports it. */
  reject(status: number, details: RejectionDetails): Promise<EnkashAuthError>;
  /** Clears the count after a token arrives (only when there was one to clear). */
  succeed(previousCount: number): Promise<void>;
  /** Clears the count on the caller's request. */
  reset(): Promise<void>;
}

function describeDetails(status: number, details: RejectionDetails): string {
  const parts = [`HTTP ${status}`];
  if (details.error !== undefined) parts.push(`error "${details.error}"`);
  if (details.error_description !== undefined) parts.push(`"${details.error_description}"`);
  if (details.resultCode !== undefined) parts.push(`resultCode ${details.resultCode}`);
  if (details.resultMessage !== undefined) parts.push(`"${details.resultMessage}"`);
  return parts.join(', ');
}

/**
 * EnKash locks an account after 3 consecutive failed logins, and a client
 * that retries a wrong password locks its own user out. The guard counts
 * rejections through the store (so a fleet shares one count) and refuses to
 * try once the count reaches `maxConsecutiveFailures`. When the store faults
 * it counts in process instead.
 */
export function createLockoutGuard(context: LockoutGuardContext): LockoutGuard {
  const { product, maxConsecutiveFailures, store, guarded } = context;
  let localCount = 0;

  return {
    async check() {
      const key = await context.key();
      const count = await guarded('getCount', () => store.getCount(key), localCount);
      localCount = count;
      if (count >= maxConsecutiveFailures) {
        throw new EnkashAuthError(
          `The lockout guard refused a ${product} token request without contacting EnKash: the last ${count} attempts were rejected, and EnKash locks the account after 3. Fix the credentials, then call resetLockout().`,
          { code: 'LOCKOUT_GUARD', product },
        );
      }
      return count;
    },
    async reject(status, details) {
      const key = await context.key();
      const count = await guarded('increment', () => store.increment(key), localCount + 1);
      localCount = count;
      const remaining = maxConsecutiveFailures - count;
      if (remaining <= 0) {
        context.emit('lockout', { product, failures: count, maxConsecutiveFailures });
      }
      const advice =
        remaining > 0
          ? `${remaining} ${remaining === 1 ? 'attempt remains' : 'attempts remain'} before the lockout guard trips.`
          : 'The lockout guard has tripped: further requests are refused without contacting EnKash until resetLockout() is called.';
      return new EnkashAuthError(
        `EnKash ${product} rejected the credentials (${describeDetails(status, details)}). Check username, password, clientId and clientSecret. ${advice}`,
        {
          code: 'REJECTED',
          product,
          status,
          ...(Object.keys(details).length === 0 ? {} : { details }),
        },
      );
    },
    async succeed(previousCount) {
      localCount = 0;
      if (previousCount > 0) {
        const key = await context.key();
        await guarded('resetCount', () => store.resetCount(key), undefined);
      }
    },
    async reset() {
      localCount = 0;
      const key = await context.key();
      await guarded('resetCount', () => store.resetCount(key), undefined);
    },
  };
}
