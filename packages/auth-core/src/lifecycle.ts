import { abortedError, raceSignal } from './abort.js';
import type { AccessToken } from './access-token.js';
import type { Account } from './account.js';
import type { GetTokenOptions } from './auth-options.js';
import type { AuthStatus, AuthTokenState } from './auth-status.js';
import { EnkashAuthError } from './enkash-auth-error.js';
import { obtainThroughFleet, withdrawRejection } from './fleet-protocol.js';
import { requestAndKeep } from './guarded-token-request.js';
import { type Auth, type LifecycleContext, prepareAuth } from './lifecycle-auth.js';
import { equalJitterDelay } from './retry-policy.js';
import { parseStoredToken } from './stored-token.js';

export type { LifecycleContext } from './lifecycle-auth.js';

/** The token lifecycle of one auth, on the state of its account. */
export interface Lifecycle {
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Forgets the token; with `accessToken`, only when that is still the current one. */
  invalidate(accessToken?: string): Promise<void>;
  resetLockout(): Promise<void>;
  /** This process's view of the account's token and guard, synchronously and without I/O. */
  status(): AuthStatus;
}

/** Background refresh backoff: 1 s, doubling up to `maxRetryDelayMs`, half of it jittered. */
const BACKGROUND_BACKOFF_BASE_MS = 1_000;

/**
 * Cache, single-flight, refresh ahead and the lockout guard, per account:
 * every auth for the same product, base URL, client id and username in a
 * process shares them. The hot path (a fresh token in memory) neither
 * awaits nor touches the store. No timer runs unless a request is under
 * way: a failed background refresh is retried by the next caller once its
 * backoff has passed. Construction does no I/O and draws no randomness.
 */
export function createLifecycle(context: LifecycleContext): Lifecycle {
  const auth = prepareAuth(context);
  return {
    getToken: (getOptions) => getToken(auth, getOptions),
    invalidate: (accessToken) => invalidate(auth, accessToken),
    resetLockout: () => resetLockout(auth),
    status: () => status(auth),
  };
}

function getToken(auth: Auth, getOptions: GetTokenOptions | undefined): Promise<AccessToken> {
  const { product, clock, refreshWindowMs } = auth.options;
  const signal = getOptions?.signal;
  if (signal?.aborted === true) {
    return Promise.reject(abortedError(product, signal));
  }
  const account = auth.account();
  const force = getOptions?.forceRefresh === true;
  const current = account.held;
  if (!force && current !== undefined) {
    const now = clock.now();
    const { expiresAt } = current.token;
    if (now < expiresAt) {
      // The window is at most half the lifetime, so a short-lived token is not refreshed at once.
      const refreshAt = expiresAt - Math.min(refreshWindowMs, (expiresAt - current.issuedAt) / 2);
      if (
        account.inflight === undefined &&
        now >= refreshAt &&
        now >= account.backgroundNotBefore
      ) {
        refreshInBackground(auth, account, current.token);
      }
      return current.resolved;
    }
  }
  const pending =
    account.inflight ??
    shareFlight(auth, account, obtain(auth, account, force ? current?.token : undefined, false));
  return raceSignal(pending, signal, product, account.keepAlive);
}

async function invalidate(auth: Auth, accessToken: string | undefined): Promise<void> {
  const account = auth.account();
  const held = account.held;
  if (accessToken !== undefined && held !== undefined && held.token.accessToken !== accessToken) {
    return;
  }
  account.held = undefined;
  account.backgroundFailures = 0;
  account.backgroundNotBefore = 0;
  if (auth.store !== undefined) {
    await auth.store.delete((await account.keys()).token);
  }
}

/**
 * Reads the account's state as this process knows it: no store call, no
 * provider call, nothing that could wait. The token's state follows the
 * same clock and refresh window as `getToken`.
 */
function status(auth: Auth): AuthStatus {
  const { clock, refreshWindowMs, maxConsecutiveFailures } = auth.options;
  const account = auth.account();
  const consecutiveFailures = Math.max(0, account.attempts - account.reservations);
  const held = account.held;
  let token: AuthTokenState = 'none';
  if (held !== undefined) {
    const now = clock.now();
    const { expiresAt } = held.token;
    const refreshAt = expiresAt - Math.min(refreshWindowMs, (expiresAt - held.issuedAt) / 2);
    if (now >= expiresAt) token = 'expired';
    else if (now >= refreshAt || account.inflight !== undefined) token = 'refreshing';
    else token = 'fresh';
  }
  return {
    token,
    ...(held === undefined ? {} : { expiresAt: held.token.expiresAt }),
    consecutiveFailures,
    guardTripped: consecutiveFailures >= maxConsecutiveFailures,
    ...(account.lastError === undefined ? {} : { lastError: { ...account.lastError } }),
  };
}

async function resetLockout(auth: Auth): Promise<void> {
  await auth.guard.reset();
  if (auth.store?.shared === true) {
    await withdrawRejection(auth.store, await auth.account().keys());
  }
}

/** A stored token, unless absent, expired or the very one being replaced; held when taken. */
function adoptStored(
  auth: Auth,
  account: Account,
  raw: string | undefined,
  replacing: AccessToken | undefined,
): AccessToken | undefined {
  const found = parseStoredToken(raw, auth.options.clock.now(), replacing);
  return found === undefined ? undefined : account.hold(found.token, found.issuedAt);
}

async function obtain(
  auth: Auth,
  account: Account,
  replacing: AccessToken | undefined,
  background: boolean,
): Promise<AccessToken> {
  const { store, options } = auth;
  if (store === undefined) {
    return requestAndKeep(auth, account);
  }
  const keys = await account.keys();
  const stored = adoptStored(auth, account, await store.get(keys.token), replacing);
  if (stored !== undefined) {
    return stored;
  }
  if (!store.shared) {
    return requestAndKeep(auth, account);
  }
  return obtainThroughFleet({
    product: options.product,
    store,
    keys,
    owner: account.lockOwner(),
    lockTtlMs: options.lockTtlMs,
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    background,
    adopt: (raw) => adoptStored(auth, account, raw, replacing),
    request: () => requestAndKeep(auth, account),
  });
}

/**
 * Makes `work` the account's one request in flight until it settles, and
 * records its failure (code and time) for `status()`, or clears it.
 */
function shareFlight(
  auth: Auth,
  account: Account,
  work: Promise<AccessToken>,
): Promise<AccessToken> {
  // Cleared before any caller or background handler runs, so they see the request as over.
  const flight: Promise<AccessToken> = work.then(
    (token) => {
      account.inflight = undefined;
      account.lastError = undefined;
      return token;
    },
    (error: unknown) => {
      account.inflight = undefined;
      const code = EnkashAuthError.isInstance(error) ? error.code : 'NETWORK';
      account.lastError = { code, at: auth.options.clock.now() };
      throw error;
    },
  );
  // Every caller may have aborted; the request must still not go unhandled.
  flight.catch(() => undefined);
  account.inflight = flight;
  return flight;
}

function refreshInBackground(auth: Auth, account: Account, current: AccessToken): void {
  const { options, emit } = auth;
  shareFlight(auth, account, obtain(auth, account, current, true)).then(
    () => {
      account.backgroundFailures = 0;
      account.backgroundNotBefore = 0;
    },
    (error: unknown) => {
      account.backgroundFailures += 1;
      const delay = equalJitterDelay(
        account.backgroundFailures - 1,
        BACKGROUND_BACKOFF_BASE_MS,
        options.maxRetryDelayMs,
      );
      account.backgroundNotBefore = options.clock.now() + delay;
      const typed = EnkashAuthError.isInstance(error) ? error : undefined;
      emit('refresh-error', {
        product: options.product,
        code: typed?.code ?? 'NETWORK',
        message: typed?.message ?? 'The background refresh failed.',
        ...(typed?.status === undefined ? {} : { status: typed.status }),
        attempt: account.backgroundFailures,
        expiresAt: current.expiresAt,
        nextRefreshAt: account.backgroundNotBefore,
      });
    },
  );
}
