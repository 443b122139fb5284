import type { AccessToken } from '../access-token.js';

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
  options: {
    clock: { now(): number };
    monotonic: { now(): number };
    refreshWindowMs: number;
  },
): TokenTiming {
  const staleAt = options.monotonic.now() + (token.expiresAt - options.clock.now());
  const window = Math.min(options.refreshWindowMs, (token.expiresAt - issuedAt) / 2);
  return { staleAt, refreshAt: staleAt - window };
}
