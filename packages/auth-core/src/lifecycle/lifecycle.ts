import type { AccessToken } from '../access-token.js';
import type { AuthStatus, AuthTokenState } from '../auth-status.js';
import type { GetTokenOptions } from '../options/auth-options.js';
import { abortedError, raceSignal } from './abort.js';
import type { AuthState } from './auth-state.js';
import { withdrawRejection } from './fleet-protocol.js';
import { obtainFor, refreshInBackground } from './single-flight.js';

/** The token lifecycle of one auth, on the state of its account. */
export interface Lifecycle {
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Forgets the token; with `accessToken`, only when that is still the current one. */
  invalidate(accessToken?: string): Promise<void>;
  resetLockout(): Promise<void>;
  /** This process's view of the account's token and guard, synchronously and without I/O. */
  status(): AuthStatus;
}

/**
 * Cache, single-flight, refresh ahead and the lockout guard, per account:
 * every auth for the same product, base URL, client id and username in a
 * process shares them. A token is served only to an auth whose credentials
 * (as it last read them) obtained it; any other auth of the account makes
 * its own request, counted by the same guard. The hot path (a fresh token
 * in memory, bound to the auth's credentials) neither awaits nor touches
 * the store. Freshness is measured on a monotonic clock. No timer runs
 * unless a request is under way: a failed background refresh is retried by
 * the next caller once its backoff has passed. Construction does no I/O and
 * draws no randomness. Every operation is bound to the auth's one state.
 */
export function createLifecycle(state: AuthState): Lifecycle {
  return {
    getToken: (getOptions) => getToken(state, getOptions),
    invalidate: (accessToken) => invalidate(state, accessToken),
    resetLockout: () => resetLockout(state),
    status: () => status(state),
  };
}

function getToken(state: AuthState, getOptions: GetTokenOptions | undefined): Promise<AccessToken> {
  const signal = getOptions?.signal;
  if (signal?.aborted === true) {
    return Promise.reject(abortedError(state.options.product, signal));
  }
  const account = state.account();
  const force = getOptions?.forceRefresh === true;
  const held = account.held;
  if (!force && held !== undefined && held.binding === state.credentials.binding) {
    const now = state.options.monotonic.now();
    if (now < held.staleAt) {
      if (
        now >= held.refreshAt &&
        account.flight === undefined &&
        now >= account.backgroundNotBefore
      ) {
        refreshInBackground(state, account, held);
      }
      return held.resolved;
    }
  }
  const pending = obtainFor(state, account, force ? held : undefined, force);
  return raceSignal(pending, signal, state.options.product, account.keepAlive);
}

async function invalidate(state: AuthState, accessToken: string | undefined): Promise<void> {
  const account = state.account();
  const held = account.held;
  if (accessToken !== undefined && held !== undefined && held.token.accessToken !== accessToken) {
    return;
  }
  account.held = undefined;
  account.backgroundFailures = 0;
  account.backgroundNotBefore = Number.NEGATIVE_INFINITY;
  if (state.store !== undefined) {
    await state.store.delete((await account.keys()).token);
  }
}

/**
 * Reads the account's state as this process knows it: no store call, no
 * provider call, nothing that could wait. The token's state follows the
 * same clock and refresh window as `getToken`; a token other credentials
 * obtained is not this auth's (`none`).
 */
function status(state: AuthState): AuthStatus {
  const { monotonic, maxConsecutiveFailures } = state.options;
  const account = state.account();
  const consecutiveFailures = account.ledger.refused.size;
  const held = account.held;
  const binding = state.credentials.binding;
  const own = held !== undefined && (binding === undefined || held.binding === binding);
  let token: AuthTokenState = 'none';
  if (own) {
    const now = monotonic.now();
    if (now >= held.staleAt) token = 'expired';
    else if (now >= held.refreshAt || account.flight !== undefined) token = 'refreshing';
    else token = 'fresh';
  }
  return {
    token,
    ...(own ? { expiresAt: held.token.expiresAt } : {}),
    consecutiveFailures,
    guardTripped: consecutiveFailures >= maxConsecutiveFailures,
    ...(account.lastError === undefined ? {} : { lastError: { ...account.lastError } }),
  };
}

async function resetLockout(state: AuthState): Promise<void> {
  await state.guard.reset();
  if (state.store?.shared === true) {
    await withdrawRejection(state.store, await state.account().keys());
  }
}
