import { EnkashAuthError } from '../errors/enkash-auth-error.js';

/** `LOCKOUT_GUARD`: the account's refusals reached the threshold; nothing is sent. */
export function lockoutGuardError(product: string, count: number): EnkashAuthError {
  return new EnkashAuthError(
    `The lockout guard refused a ${product} token request without contacting EnKash: the last ${count} attempts were rejected, and EnKash locks the account after 3. Fix the credentials, then call resetLockout().`,
    { code: 'LOCKOUT_GUARD', product },
  );
}

/** `STORE_UNAVAILABLE`: the shared store cannot tell the fleet's count, and sending could lock the account. */
export function storeUnavailableError(
  product: string,
  storeOutage: 'proceed' | 'refuse',
  refusals: number,
): EnkashAuthError {
  const why =
    storeOutage === 'refuse'
      ? 'storeOutage is "refuse"'
      : refusals > 0
        ? `this process has seen ${refusals === 1 ? 'a refusal' : `${refusals} refusals`} that another process's attempt could turn into EnKash's third`
        : "this process's one attempt during the outage is still under way";
  return new EnkashAuthError(
    `The lockout guard refused a ${product} token request without contacting EnKash: the shared store cannot tell the fleet's count of failed attempts, and ${why}. A valid cached token is still served; the next call tries again once the store answers.`,
    { code: 'STORE_UNAVAILABLE', product },
  );
}

/** `STORE_UNAVAILABLE` of `resetLockout()`: the shared store could not record the reset. */
export function resetUnrecordedError(product: string): EnkashAuthError {
  return new EnkashAuthError(
    `${product}: resetLockout() could not reach the shared store, so the fleet's count is unchanged. Try again once the store answers.`,
    { code: 'STORE_UNAVAILABLE', product },
  );
}
