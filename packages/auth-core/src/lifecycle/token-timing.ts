import type { AccessToken } from '../access-token.js';
import type { Account, HeldToken } from './account.js';

/** The clocks a held token's timing is read on, and its refresh window. */
export interface TimingClocks {
  clock: { now(): number };
  monotonic: { now(): number };
  refreshWindowMs: number;
}

/** When a held token is served until, and when its background refresh is due. */
export interface TokenTiming {
  /** When it stops being served, on the monotonic clock. */
  staleAt: number;
  /** When a background refresh is due, on the monotonic clock. */
  refreshAt: number;
}

/**
 * Places a token's expiry (epoch milliseconds) on the monotonic clock, once,
 * when it is held: from then on a step of the wall clock changes nothing.
 * The refresh window is at most half the lifetime, so a short-lived token
 * is not refreshed at once.
 */
export function tokenTiming(
  token: AccessToken,
  issuedAt: number,
  clocks: TimingClocks,
): TokenTiming {
  const staleAt = clocks.monotonic.now() + (token.expiresAt - clocks.clock.now());
  const window = Math.min(clocks.refreshWindowMs, (token.expiresAt - issuedAt) / 2);
  return { staleAt, refreshAt: staleAt - window };
}

/**
 * Holds a token as the one the account serves, timed now: whether it came
 * from EnKash or from the store, its timing is written here alone.
 */
export function holdToken(
  account: Account,
  obtained: { token: AccessToken; binding: string; issuedAt: number },
  clocks: TimingClocks,
): HeldToken {
  const { token, issuedAt } = obtained;
  return account.hold({ ...obtained, ...tokenTiming(token, issuedAt, clocks) });
}
