/**
 * The real clock, a second ahead more at each forced refresh: an account
 * makes at most one successful token request a second, and a benchmark of
 * back-to-back forced refreshes must not time that pace, only the request.
 */
export function forcedRefresher(): {
  clock: { now(): number };
  /** Leaps the clock by a second; call right before each forced refresh. */
  leap(): void;
} {
  let ahead = 0;
  return {
    clock: { now: () => Date.now() + ahead },
    leap: () => {
      ahead += 1_000;
    },
  };
}
