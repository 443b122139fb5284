import type { PreparedTokenRequest } from '../credentials/credentials.js';
import { parseStoredToken } from '../store/stored-token.js';
import type { Account, HeldToken } from './account.js';
import type { AuthState } from './auth-state.js';
import { obtainThroughFleet } from './fleet-protocol.js';
import { requestAndKeep } from './guarded-token-request.js';
import { holdToken } from './token-timing.js';

/**
 * Why a token request is made: a caller needs a token, a caller forced one
 * (`forceRefresh`: not paced, it is asked for), or the refresh window opened.
 */
export type FlightKind = 'call' | 'forced' | 'background';

/**
 * A new token for the account: the store's when it holds one worth taking,
 * else one requested from EnKash, through the fleet protocol when the store
 * is shared.
 */
export async function obtain(
  state: AuthState,
  account: Account,
  replacing: HeldToken | undefined,
  kind: FlightKind,
  readOnce: () => Promise<PreparedTokenRequest>,
): Promise<HeldToken> {
  const { store, options } = state;
  const request = () => requestAndKeep(state, account, readOnce, kind !== 'forced');
  if (store === undefined) {
    return request();
  }
  const keys = await account.keys();
  const adopt = (raw: string | undefined, source: 'store' | 'fleet') =>
    adoptStored(state, account, raw, replacing, readOnce, source);
  const stored = await adopt(await store.get(keys.token), 'store');
  if (stored !== undefined) {
    return stored;
  }
  if (!store.shared) {
    return request();
  }
  return obtainThroughFleet({
    ...options,
    store,
    keys,
    owner: account.lockOwner(),
    background: kind === 'background',
    binding: async () => (await readOnce()).binding(),
    adopt: (raw) => adopt(raw, 'fleet'),
    request,
  });
}

/**
 * A stored token worth taking for these credentials: well-formed, within the
 * product's limits, not expired, not the one being replaced, and obtained
 * by the same credentials (read once when they come from providers and
 * were not read yet, or obtained it with other values). Held when taken.
 */
async function adoptStored(
  state: AuthState,
  account: Account,
  raw: string | undefined,
  replacing: HeldToken | undefined,
  readOnce: () => Promise<PreparedTokenRequest>,
  source: 'store' | 'fleet',
): Promise<HeldToken | undefined> {
  const { options, credentials } = state;
  const stored = parseStoredToken(raw, {
    now: options.clock.now(),
    maxLifetimeMs: state.definition.maxLifetimeMs,
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
  const held = holdToken(account, { token, binding, issuedAt }, options);
  state.events.emit('token-adopted', {
    product: options.product,
    source,
    expiresAt: token.expiresAt,
  });
  return held;
}
