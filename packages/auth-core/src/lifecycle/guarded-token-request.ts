import type { PreparedTokenRequest } from '../credentials/credentials.js';
import { rejectedError } from '../errors/rejected-error.js';
import { serializeToken } from '../store/stored-token.js';
import type { LifetimeClamp } from '../token-request/parse-token-response.js';
import { requestToken, type TokenRequestResult } from '../token-request/token-request.js';
import { isTransientFailure } from '../token-request/transient-failure.js';
import { sleep } from '../util/sleep.js';
import type { Account, HeldToken } from './account.js';
import { type AuthState, redactorFor } from './auth-state.js';
import { announceRejection } from './fleet-protocol.js';
import { tokenEventOf } from './token-event.js';
import { holdToken } from './token-timing.js';

/**
 * An account makes at most one successful token request a second, however
 * short its tokens live and however often an API answers 401; a forced
 * refresh, asked for, is not held back.
 */
export const FASTEST_TOKEN_REQUESTS_MS = 1_000;

/**
 * One token request under the lockout guard: the attempt is counted before
 * it is sent, given back when the failure is transient (or nothing was sent,
 * a provider having failed), and kept otherwise; a body that says success
 * is a success for the count whatever its token's lifetime. Credential
 * providers are read only once the attempt is reserved (unless the request's
 * one read was already made to check a stored token): a tripped guard asks
 * no vault. After a refusal that leaves the count below the threshold, the
 * providers are read once more; a changed value is sent once, as an attempt
 * of its own. A token is held for the account (bound to the credentials
 * sent) and saved to the store.
 */
export async function requestAndKeep(
  state: AuthState,
  account: Account,
  readOnce: () => Promise<PreparedTokenRequest>,
  paced: boolean,
): Promise<HeldToken> {
  const { options, store } = state;
  const { product, clock, monotonic, maxConsecutiveFailures } = options;
  const wait = account.nextRequestAt - monotonic.now();
  if (paced && wait > 0) {
    // Callers in between wait on this request: a token living 1 ms cannot cause a storm.
    await sleep(wait, { keepAlive: account.keepAlive });
  }
  let prepared: PreparedTokenRequest | undefined;
  let rotated = false;
  for (;;) {
    const reservation = await state.guard.reserve();
    const issuedAt = clock.now();
    const started = monotonic.now();
    let result: TokenRequestResult;
    try {
      // The account's keep-alive: every auth of the account waits on this one request.
      prepared ??= await readOnce();
    } catch (error) {
      await reservation.giveBack();
      throw error;
    }
    try {
      redactorFor(state.redactor, account);
      result = await requestToken(state, prepared, account.keepAlive);
    } catch (error) {
      if (isTransientFailure(error)) {
        await reservation.giveBack();
      } else {
        await reservation.keepCounted();
      }
      throw error;
    }
    if (result.type === 'token' || result.type === 'dead-token') {
      await reservation.succeeded();
      account.nextRequestAt = started + FASTEST_TOKEN_REQUESTS_MS;
      if (result.type === 'dead-token') throw result.error;
      return keep(state, account, result, prepared, issuedAt);
    }
    const failures = await reservation.keepCounted();
    if (!rotated && failures < maxConsecutiveFailures) {
      const next = await state.credentials.readAgain(account.keepAlive, prepared);
      if (next !== undefined) {
        // EnKash counts this one too: the guard reserves it like any other.
        rotated = true;
        prepared = next;
        continue;
      }
    }
    const { status, details } = result;
    if (store?.shared === true) {
      const binding = await prepared.binding();
      await announceRejection(store, await account.keys(), { status, details, binding });
    }
    throw rejectedError({ product, status, details, failures, maxConsecutiveFailures });
  }
}

/** Holds a new token for the account, saves it to the store and announces it. */
async function keep(
  state: AuthState,
  account: Account,
  result: { token: HeldToken['token']; clamped?: LifetimeClamp },
  prepared: PreparedTokenRequest,
  issuedAt: number,
): Promise<HeldToken> {
  const { options, store, events } = state;
  const { product, clock } = options;
  const { token, clamped } = result;
  const binding = await prepared.binding();
  const held = holdToken(account, { token, binding, issuedAt }, options);
  if (store !== undefined) {
    const ttl = Math.max(1, Math.ceil(token.expiresAt - clock.now()));
    await store.set((await account.keys()).token, serializeToken(held), ttl);
  }
  if (clamped !== undefined) {
    events.emit('lifetime-clamped', { product, ...clamped });
  }
  // Its scope is redacted first, which costs something: only for someone who listens.
  if (events.wanted('token')) {
    events.emit('token', tokenEventOf(product, token, redactorFor(state.redactor, account)));
  }
  return held;
}
