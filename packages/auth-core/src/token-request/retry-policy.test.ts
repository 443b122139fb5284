import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  equalJitterDelay,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
} from './retry-policy.js';

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx only', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 599]) {
      expect(isRetryableStatus(status)).toBe(true);
    }
    for (const status of [200, 301, 400, 401, 403, 404, 409, 422]) {
      expect(isRetryableStatus(status)).toBe(false);
    }
  });
});

describe('equalJitterDelay', () => {
  it('waits at least half the doubling ceiling and at most all of it', () => {
    expect(equalJitterDelay(0, 1_000, 30_000, () => 0)).toBe(500);
    expect(equalJitterDelay(0, 1_000, 30_000, () => 1)).toBe(1_000);
    expect(equalJitterDelay(2, 1_000, 30_000, () => 0.5)).toBe(3_000);
  });

  it('never exceeds the cap', () => {
    expect(equalJitterDelay(20, 1_000, 30_000, () => 0)).toBe(15_000);
    expect(equalJitterDelay(20, 1_000, 30_000, () => 1)).toBe(30_000);
  });
});

describe('backoffDelay', () => {
  it('doubles its ceiling with each retry (full jitter scales it)', () => {
    const top = () => 0.999_999;
    expect(backoffDelay(0, 100, 10_000, top)).toBe(99);
    expect(backoffDelay(1, 100, 10_000, top)).toBe(199);
    expect(backoffDelay(2, 100, 10_000, top)).toBe(399);
    expect(backoffDelay(3, 100, 10_000, top)).toBe(799);
  });

  it('can be anything from zero (full jitter)', () => {
    expect(backoffDelay(5, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(1, 100, 10_000, () => 0.5)).toBe(100);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, 100, 2_000, () => 0.999_999)).toBe(1_999);
  });

  it('spreads real random delays across the window', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, 100, 10_000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(800);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('reads delta seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable value', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it('prefers Retry-After, capped', () => {
    expect(retryDelay(0, 2_000, 100, 10_000, () => 0)).toBe(2_000);
    expect(retryDelay(0, 3_600_000, 100, 10_000, () => 0)).toBe(10_000);
    expect(retryDelay(0, 0, 100, 10_000, () => 0.9)).toBe(0);
  });

  it('falls back to jittered backoff', () => {
    expect(retryDelay(2, undefined, 100, 10_000, () => 0.5)).toBe(200);
  });
});
