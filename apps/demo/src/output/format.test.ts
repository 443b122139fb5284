import { describe, expect, it } from 'vitest';
import { formatClock, formatCount, formatDuration, formatRatio } from './format.js';

describe('formatDuration', () => {
  it.each([
    [0.000_085, '85 ns'],
    [0.000_42, '420 ns'],
    [0.0042, '4.20 µs'],
    [3.14, '3.1 ms'],
    [2_000, '2.0 s'],
    [299_999, '300 s'],
  ])('%s ms reads %s', (milliseconds, text) => {
    expect(formatDuration(milliseconds)).toBe(text);
  });
});

describe('formatRatio', () => {
  it.each([
    [3.14, '3.1×'],
    [42.4, '42×'],
    [8_123, '8,100×'],
    [19_456, '19,000×'],
    [0, 'n/a'],
    [Number.POSITIVE_INFINITY, 'n/a'],
  ])('%s reads %s', (ratio, text) => {
    expect(formatRatio(ratio)).toBe(text);
  });
});

describe('formatCount and formatClock', () => {
  it('separate thousands and show UTC time', () => {
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatClock(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('03:04:05 UTC');
  });
});
