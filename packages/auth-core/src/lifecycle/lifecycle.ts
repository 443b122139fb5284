import type { AccessToken } from '../access-token.js';
import type { AuthStatus, AuthTokenState } from '../auth-status.js';
import type { PreparedTokenRequest } from '../credentials/credentials.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { GetTokenOptions } from '../options/auth-options.js';
import { parseStoredToken } from '../store/stored-token.js';
import { equalJitterDelay } from '../token-request/retry-policy.js';
import { abortedError, raceSignal } from './abort.js';
import type { Account, Flight, HeldToken } from './account.js';
import { obtainThroughFleet, withdrawRejection } from './fleet-protocol.js';
import { requestAndKeep } from './guarded-token-request.js';
import { type Auth, type LifecycleContext, prepareAuth } from './lifecycle-auth.js';
import { tokenTiming } from './token-timing.js';

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

/**
 * Why a token request is made: a caller needs a token, a caller forced one
 * (`forceRefresh`: not paced, it is asked for), or the refresh window opened.
 */
type FlightKind = 'call' | 'forced' | 'background';

/** Background refresh backoff: 1 s, doubling up to `maxRetryDelayMs`, half of it jittered. */
const BACKGROUND_BACKOFF_BASE_MS = 1_000;

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
 * draws no randomness.
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
  const signal = getOptions?.signal;
  if (signal?.aborted === true) {
    return Promise.reject(abortedError(auth.options.product, signal));
  }
  const account = auth.account();
  const force = getOptions?.forceRefresh === true;
  const held = account.held;
  if (!force && held !== undefined && held.binding === auth.credentials.binding) {
    const now = auth.options.monotonic.now();
    if (now < held.staleAt) {
      if (
        now >= held.refreshAt &&
        account.flight === undefined &&
        now >= account.backgroundNotBefore
      ) {
        refreshInBackground(auth, account, held);
      }
      return held.resolved;
    }
  }
  const pending = obtainFor(auth, account, force ? held : undefined, force);
  return raceSignal(pending, signal, auth.options.product, account.keepAlive);
}

/**
 * A token for this auth's credentials: the held one when they obtained it
 * and it is fresh, the request under way for them, or a request of its own.
 * A request under way for other credentials is waited out first (one at a
 * time per account, so the guard counts them in order). An auth whose
 * credentials come from providers reads them once before it takes a token,
 * or joins a request, that it did not start.
 */
async function obtainFor(
  auth: Auth,
  account: Account,
  replacing: HeldToken | undefined,
  forced: boolean,
): Promise<AccessToken> {
  const { credentials, options } = auth;
  const { keepAlive } = account;
  // A read of the providers made for this call, handed on to the request it starts.
  let read: PreparedTokenRequest | undefined;
  for (;;) {
    // Strings give their binding without reading anything; providers once read.
    const binding = credentials.rotates
      ? credentials.binding
      : await (await credentials.prepare(keepAlive)).binding();
    const held = account.held !== replacing ? account.held : undefined;
    const flight = account.flight;
    const foreignFlight = flight !== undefined && flight.credentials !== credentials;
    const doubt =
      binding === undefined
        ? held !== undefined || foreignFlight
        : (held !== undefined && held.binding !== binding) ||
          (foreignFlight && flight.binding !== binding);
    if (credentials.rotates && read === undefined && doubt) {
      // Perhaps the vault now gives what obtained it: read once, then decide.
      read = await credentials.prepare(keepAlive);
      await read.binding();
      continue;
    }
    if (held !== undefined && held.binding === binding && options.monotonic.now() < held.staleAt) {
      return held.token;
    }
    if (flight === undefined) {
      // Its own request: bound to what it read, whatever that was.
      const kind = forced ? 'forced' : 'call';
      return (await startFlight(auth, account, replacing, kind, read).promise).token;
    }
    if (!foreignFlight) {
      return (await flight.promise).token;
    }
    if (binding !== undefined && flight.binding === binding) {
      // The same credentials: its outcome, a refusal included, is this call's.
      const obtained = await flight.promise;
      if (obtained.binding === credentials.binding) return obtained.token;
    } else {
      await flight.promise.catch(() => undefined);
    }
    read = undefined;
    replacing = undefined;
  }
}

async function invalidate(auth: Auth, accessToken: string | undefined): Promise<void> {
  const account = auth.account();
  const held = account.held;
  if (accessToken !== undefined && held !== undefined && held.token.accessToken !== accessToken) {
    return;
  }
  account.held = undefined;
  account.backgroundFailures = 0;
  account.backgroundNotBefore = Number.NEGATIVE_INFINITY;
  if (auth.store !== undefined) {
    await auth.store.delete((await account.keys()).token);
  }
}

/**
 * Reads the account's state as this process knows it: no store call, no
 * provider call, nothing that could wait. The token's state follows the
 * same clock and refresh window as `getToken`; a token other credentials
 * obtained is not this auth's (`none`).
 */
function status(auth: Auth): AuthStatus {
  const { monotonic, maxConsecutiveFailures } = auth.options;
  const account = auth.account();
  const consecutiveFailures = account.ledger.refused.size;
  const held = account.held;
  const own =
    held !== undefined &&
    (auth.credentials.binding === undefined || held.binding === auth.credentials.binding);
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

async function resetLockout(auth: Auth): Promise<void> {
  await auth.guard.reset();
  if (auth.store?.shared === true) {
    await withdrawRejection(auth.store, await auth.account().keys());
  }
}

/**
 * A stored token worth taking for these credentials: well-formed, within the
 * product's limits, not expired, not the one being replaced, and obtained
 * by the same credentials (read once when they come from providers and
 * were not read yet, or obtained it with other values). Held when taken.
 */
async function adoptStored(
  auth: Auth,
  account: Account,
  raw: string | undefined,
  replacing: HeldToken | undefined,
  readOnce: () => Promise<PreparedTokenRequest>,
): Promise<HeldToken | undefined> {
  const { options, credentials } = auth;
  const stored = parseStoredToken(raw, {
    now: options.clock.now(),
    maxLifetimeMs: auth.context.definition.maxLifetimeMs,
  });
  if (stored === undefined || stored.token.accessToken === replacing?.token.accessToken) {
    return undefined;
  }
  let binding = credentials.binding;
  if (binding === undefined || (binding !== stored.binding && credentials.rotates)) {
    binding = await (await readOnce()).binding();
  }
  if (binding !== stored.binding) return undefined;
  const { token, issuedAt } = stored;
  return account.hold({ token, binding, issuedAt, ...tokenTiming(token, issuedAt, options) });
}

async function obtain(
  auth: Auth,
  account: Account,
  replacing: HeldToken | undefined,
  kind: FlightKind,
  readOnce: () => Promise<PreparedTokenRequest>,
): Promise<HeldToken> {
  const { store, options } = auth;
  const request = () => requestAndKeep(auth, account, readOnce, kind !== 'forced');
  if (store === undefined) {
    return request();
  }
  const keys = await account.keys();
  const adopt = (raw: string | undefined) => adoptStored(auth, account, raw, replacing, readOnce);
  const stored = await adopt(await store.get(keys.token));
  if (stored !== undefined) {
    return stored;
  }
  if (!store.shared) {
    return request();
  }
  return obtainThroughFleet({
    product: options.product,
    store,
    keys,
    owner: account.lockOwner(),
    lockTtlMs: options.lockTtlMs,
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    background: kind === 'background',
    binding: async () => (await readOnce()).binding(),
    adopt,
    request,
  });
}

/**
 * Makes a request for these credentials the account's one flight until it
 * settles, and records its failure (code and time) for `status()`, or
 * clears it.
 */
function startFlight(
  auth: Auth,
  account: Account,
  replacing: HeldToken | undefined,
  kind: FlightKind,
  read?: PreparedTokenRequest,
): Flight {
  const { credentials } = auth;
  const flight: Flight = {
    credentials,
    binding: credentials.binding,
    promise: undefined as unknown as Promise<HeldToken>,
  };
  // Read at most once per request, and only when needed: a stored token of the same
  // credentials, or a request about to be sent.
  let reading: Promise<PreparedTokenRequest> | undefined;
  const readOnce = () => {
    reading ??= (
      read === undefined ? credentials.prepare(account.keepAlive) : Promise.resolve(read)
    ).then(async (prepared) => {
      flight.binding = await prepared.binding();
      return prepared;
    });
    return reading;
  };
  // Cleared before any caller or background handler runs, so they see the request as over.
  flight.promise = obtain(auth, account, replacing, kind, readOnce).then(
    (held) => {
      if (account.flight === flight) account.flight = undefined;
      account.lastError = undefined;
      return held;
    },
    (error: unknown) => {
      if (account.flight === flight) account.flight = undefined;
      const code = EnkashAuthError.isInstance(error) ? error.code : 'NETWORK';
      account.lastError = { code, at: auth.options.clock.now() };
      throw error;
    },
  );
  // Every caller may have aborted; the request must still not go unhandled.
  flight.promise.catch(() => undefined);
  account.flight = flight;
  return flight;
}

function refreshInBackground(auth: Auth, account: Account, current: HeldToken): void {
  const { options, emit } = auth;
  startFlight(auth, account, current, 'background').promise.then(
    () => {
      account.backgroundFailures = 0;
      account.backgroundNotBefore = Number.NEGATIVE_INFINITY;
    },
    (error: unknown) => {
      account.backgroundFailures += 1;
      const delay = equalJitterDelay(
        account.backgroundFailures - 1,
        BACKGROUND_BACKOFF_BASE_MS,
        options.maxRetryDelayMs,
      );
      account.backgroundNotBefore = options.monotonic.now() + delay;
      const typed = EnkashAuthError.isInstance(error) ? error : undefined;
      emit('refresh-error', {
        product: options.product,
        code: typed?.code ?? 'NETWORK',
        message: typed?.message ?? 'The background refresh failed.',
        ...(typed?.status === undefined ? {} : { status: typed.status }),
        attempt: account.backgroundFailures,
        expiresAt: current.token.expiresAt,
        nextRefreshAt: options.clock.now() + delay,
      });
    },
  );
}
