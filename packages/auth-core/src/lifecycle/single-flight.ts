import type { AccessToken } from '../access-token.js';
import type { PreparedTokenRequest } from '../credentials/credentials.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { equalJitterDelay } from '../token-request/retry-policy.js';
import type { Account, Flight, HeldToken } from './account.js';
import type { AuthState } from './auth-state.js';
import { type FlightKind, obtain } from './obtain-token.js';

/** Background refresh backoff: 1 s, doubling up to `maxRetryDelayMs`, half of it jittered. */
const BACKGROUND_BACKOFF_BASE_MS = 1_000;

/**
 * A token for this auth's credentials: the held one when they obtained it
 * and it is fresh, the request under way for them, or a request of its own.
 * A request under way for other credentials is waited out first (one at a
 * time per account, so the guard counts them in order). An auth whose
 * credentials come from providers reads them once before it takes a token,
 * or joins a request, that it did not start.
 */
export async function obtainFor(
  state: AuthState,
  account: Account,
  replacing: HeldToken | undefined,
  forced: boolean,
): Promise<AccessToken> {
  const { credentials, options } = state;
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
      return (await startFlight(state, account, replacing, kind, read).promise).token;
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

/**
 * Refreshes the held token while it is still served; a failure backs off
 * (equal jitter) and is emitted as `refresh-error`.
 */
export function refreshInBackground(state: AuthState, account: Account, current: HeldToken): void {
  const { options, events } = state;
  startFlight(state, account, current, 'background').promise.then(
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
      events.emit('refresh-error', {
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

/**
 * Makes a request for these credentials the account's one flight until it
 * settles, and records its failure (code and time) for `status()`, or
 * clears it.
 */
function startFlight(
  state: AuthState,
  account: Account,
  replacing: HeldToken | undefined,
  kind: FlightKind,
  read?: PreparedTokenRequest,
): Flight {
  const { credentials } = state;
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
  flight.promise = obtain(state, account, replacing, kind, readOnce).then(
    (held) => {
      if (account.flight === flight) account.flight = undefined;
      account.lastError = undefined;
      return held;
    },
    (error: unknown) => {
      if (account.flight === flight) account.flight = undefined;
      const code = EnkashAuthError.isInstance(error) ? error.code : 'NETWORK';
      account.lastError = { code, at: state.options.clock.now() };
      throw error;
    },
  );
  // Every caller may have aborted; the request must still not go unhandled.
  flight.promise.catch(() => undefined);
  account.flight = flight;
  return flight;
}
