import type { AccessToken } from './access-token.js';
import type { Account } from './account.js';
import { announceRejection } from './fleet-protocol.js';
import { type Auth, redactorOf } from './lifecycle-auth.js';
import { rejectedError } from './rejected-error.js';
import { serializeToken } from './stored-token.js';
import { tokenEventOf } from './token-event.js';
import {
  type PreparedTokenRequest,
  prepareTokenRequest,
  requestToken,
  sameCredentials,
  type TokenRequestResult,
} from './token-request.js';
import { isTransientFailure } from './transient-failure.js';

/**
 * One token request under the lockout guard: the attempt is counted before
 * it is sent, given back when the failure is transient (or nothing was sent,
 * a provider having failed), and kept otherwise. Credential providers are
 * read only once the attempt is reserved: a tripped guard asks no vault.
 * After a refusal that leaves the count below the threshold, the providers
 * are read once more; a changed value is sent once, as an attempt of its own.
 * A token is held for the account and saved to the store.
 */
export async function requestAndKeep(auth: Auth, account: Account): Promise<AccessToken> {
  const { options, store } = auth;
  const { product, clock, maxConsecutiveFailures } = options;
  let prepared: PreparedTokenRequest | undefined;
  let rotated = false;
  for (;;) {
    const reservation = await auth.guard.reserve();
    const issuedAt = clock.now();
    let result: TokenRequestResult;
    try {
      // The account's keep-alive: every auth of the account waits on this one request.
      prepared ??= await prepareTokenRequest(auth.context, account.keepAlive);
    } catch (error) {
      await reservation.giveBack();
      throw error;
    }
    try {
      redactorOf(auth.context, account);
      result = await requestToken(auth.context, prepared, account.keepAlive);
    } catch (error) {
      if (isTransientFailure(error)) {
        await reservation.giveBack();
      } else {
        await reservation.keepCounted();
      }
      throw error;
    }
    if (result.type === 'token') {
      await reservation.succeeded();
      return keep(auth, account, result.token, issuedAt);
    }
    const failures = await reservation.keepCounted();
    if (!rotated && failures < maxConsecutiveFailures) {
      const next = await rereadCredentials(auth, account);
      if (next !== undefined && !sameCredentials(next.credentials, prepared.credentials)) {
        // EnKash counts this one too: the guard reserves it like any other.
        rotated = true;
        prepared = next;
        continue;
      }
    }
    const { status, details } = result;
    if (store?.shared === true) {
      await announceRejection(store, await account.keys(), { status, details });
    }
    throw rejectedError({ product, status, details, failures, maxConsecutiveFailures });
  }
}

/**
 * The credentials read again after a refusal, to see whether they were
 * rotated; `undefined` when nothing is configured as a provider or a
 * provider fails (the refusal is then the answer).
 */
async function rereadCredentials(
  auth: Auth,
  account: Account,
): Promise<PreparedTokenRequest | undefined> {
  const { password, clientSecret } = auth.options.credentials;
  if (typeof password === 'string' && typeof clientSecret === 'string') {
    return undefined;
  }
  try {
    return await prepareTokenRequest(auth.context, account.keepAlive);
  } catch {
    return undefined;
  }
}

/** Holds a new token for the account, saves it to the store and announces it. */
async function keep(
  auth: Auth,
  account: Account,
  token: AccessToken,
  issuedAt: number,
): Promise<AccessToken> {
  const { options, store, emit } = auth;
  const { product, clock } = options;
  account.hold(token, issuedAt);
  if (store !== undefined) {
    const ttl = Math.max(1, Math.ceil(token.expiresAt - clock.now()));
    await store.set((await account.keys()).token, serializeToken(token, issuedAt), ttl);
  }
  emit('token', tokenEventOf(product, token, redactorOf(auth.context, account)));
  return token;
}
