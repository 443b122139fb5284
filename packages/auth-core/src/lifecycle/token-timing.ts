import type { AccessToken } from '../access-token.js';
import type { Account, HeldToken } from './account.js';

/** The clocks a held token's timing is read on, and its refresh window. */
export interface TimingClocks {
  clock: { now(): number };
  monotonic: { now(): number };
  refreshWindowMs: number;
}

/**
 * Holds a token as the one the account serves, timed once, now: its expiry
 * (epoch milliseconds) placed on the monotonic clock, so that a step of the
 * wall clock changes nothing from then on, and its refresh window at most
 * half its lifetime, so that a short-lived token is not refreshed at once.
 * Whether it came from EnKash or from the store, its timing is written here
 * alone.
 */
export function holdToken(
  account: Account,
  obtained: { token: AccessToken; binding: string; issuedAt: number },
  clocks: TimingClocks,
): HeldToken {
  const { token, issuedAt } = obtained;
  const staleAt = clocks.monotonic.now() + (token.expiresAt - clocks.clock.now());
  const window = Math.min(clocks.refreshWindowMs, (token.expiresAt - issuedAt) / 2);
  return account.hold({ ...obtained, staleAt, refreshAt: staleAt - window });
}
