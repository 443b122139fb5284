import { describeValue, optionError } from './config-error.js';
import type { Timings } from './resolved-options.js';

/** The default lock TTL covers every attempt and backoff of one request, up to this long. */
const LONGEST_DEFAULT_LOCK_TTL_MS = 30_000;

/** Slack on top of a token request's longest run and the store round trips around it. */
const RESERVATION_MARGIN_MS = 1_000;

// Timers take at most a signed 32-bit number of milliseconds.
const LONGEST_TIMER = 2_147_483_647;

/**
 * The integer options as `[minimum, maximum, default]`, the defaults as documented on
 * `AuthOptions`. `lockTtlMs` has none here: its default follows from the others.
 */
const INTEGERS = {
  timeoutMs: [1, LONGEST_TIMER, 10_000],
  retries: [0, 10, 2],
  refreshWindowMs: [0, LONGEST_TIMER, 60_000],
  maxConsecutiveFailures: [1, 2, 2],
  retryDelayMs: [0, LONGEST_TIMER, 250],
  maxRetryDelayMs: [0, LONGEST_TIMER, 30_000],
  lockTtlMs: [100, LONGEST_TIMER, undefined],
} as const;
type IntegerName = keyof typeof INTEGERS;

/** The integer options within their bounds, defaults applied, and the durations derived from them. */
export function resolveTimings(product: string, options: Record<string, unknown>): Timings {
  const integers = {} as Record<IntegerName, number>;
  for (const [name, [minimum, maximum, fallback]] of Object.entries(INTEGERS) as [
    IntegerName,
    (typeof INTEGERS)[IntegerName],
  ][]) {
    const given = options[name];
    const value = given === undefined ? fallback : given;
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < minimum ||
      value > maximum
    ) {
      throw optionError(
        product,
        name,
        name === 'maxConsecutiveFailures'
          ? `must be 1 or 2: EnKash locks the account at its 3rd consecutive failed login, and the guard must stop before it; got ${describeValue(value)}`
          : `must be an integer from ${minimum} to ${maximum}; got ${describeValue(value)}`,
      );
    }
    integers[name] = value;
  }
  const { timeoutMs, retries, maxRetryDelayMs } = integers;
  // By default long enough for every attempt and backoff of one token request, plus a second,
  // but never longer than LONGEST_DEFAULT_LOCK_TTL_MS: a crashed holder must not stall a fleet
  // for minutes. A holder that outlives the lock only costs a second token request.
  integers.lockTtlMs ??= Math.min(
    timeoutMs * (retries + 1) + maxRetryDelayMs * retries + 1_000,
    LONGEST_DEFAULT_LOCK_TTL_MS,
  );
  // A reservation outlives every attempt, backoff and provider read of one token request, so
  // another process never takes an attempt still under way for a lapsed one.
  // Each attempt and the provider read take at most timeoutMs, and so does each of the two store
  // operations that record the outcome.
  const reservationTtlMs =
    timeoutMs * (retries + 4) + maxRetryDelayMs * retries + RESERVATION_MARGIN_MS;
  return { ...integers, reservationTtlMs };
}
