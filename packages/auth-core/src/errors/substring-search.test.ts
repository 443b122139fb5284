import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachOccurrence, prepareNeedle } from './substring-search.js';

function occurrences(text: string, needle: string): number[] {
  const starts: number[] = [];
  forEachOccurrence(text, prepareNeedle(needle), (start) => starts.push(start));
  return starts;
}

function naiveOccurrences(text: string, needle: string): number[] {
  const starts: number[] = [];
  for (let start = text.indexOf(needle); start !== -1; start = text.indexOf(needle, start + 1)) {
    starts.push(start);
  }
  return starts;
}

describe('forEachOccurrence', () => {
  it('finds every occurrence, overlapping ones included, as a naive search does', () => {
    const word = (minLength: number, maxLength: number) =>
      fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength, maxLength });
    fc.assert(
      fc.property(word(1, 9), fc.array(word(0, 6), { maxLength: 6 }), (needle, fillers) => {
        const text = fillers.join(needle);
        expect(occurrences(text, needle)).toEqual(naiveOccurrences(text, needle));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds needles of any UTF-16 code units, and a needle longer than the text nowhere', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
        fc.string({ unit: 'binary' }),
        (needle, filler) => {
          const text = `${filler}${needle}${needle}${filler}`;
          expect(occurrences(text, needle)).toEqual(naiveOccurrences(text, needle));
        },
      ),
      { numRuns: 2000 },
    );
    expect(occurrences('abc', 'abcd')).toEqual([]);
  });

  it('walks a megabyte of a periodic text and needle without trouble', () => {
    const needle = 'a'.repeat(512 * 1024);
    const text = `${'a'.repeat(1024 * 1024)}b${needle}`;
    const starts = occurrences(text, needle);
    expect(starts).toHaveLength(512 * 1024 + 2);
    expect(starts.at(-1)).toBe(1024 * 1024 + 1);
  });
});
