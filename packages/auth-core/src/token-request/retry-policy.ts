/** Statuses worth another attempt: the server may answer differently in a moment. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Full-jitter exponential backoff: a random delay between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^retry)`, where `retry` counts from 0.
 * Jitter spreads many clients that failed together across the window instead
 * of sending them back in lockstep.
 */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Equal-jitter exponential backoff: half of `min(maxDelayMs, baseDelayMs *
 * 2^retry)` fixed, the other half random. Background work uses it: the fixed
 * half guarantees a pause between failed refreshes, the random half keeps a
 * fleet from refreshing in lockstep.
 */
export function equalJitterDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const half = Math.min(maxDelayMs, baseDelayMs * 2 ** retry) / 2;
  return half + random() * half;
}

/**
 * Reads `Retry-After` as milliseconds to wait: delta seconds or an HTTP date
 * (relative to `now`). `undefined` when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const date = parseHttpDate(trimmed);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/**
 * An HTTP date (`Date`, `Retry-After`) in epoch milliseconds; `undefined`
 * when absent or not one.
 */
export function parseHttpDate(value: string | null): number | undefined {
  if (value === null || value.length > 64) return undefined;
  // HTTP dates always name a month; this keeps Date.parse from reading '-5' as a year.
  const date = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : date;
}

/**
 * How long to wait before retry number `retry` (from 0): the server's
 * `Retry-After` when it sent one, else full-jitter backoff; capped at `maxDelayMs`
 * either way so a hostile or confused server cannot park the client for hours.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) {
    return Math.min(retryAfterMs, maxDelayMs);
  }
  return backoffDelay(retry, baseDelayMs, maxDelayMs, random);
}
