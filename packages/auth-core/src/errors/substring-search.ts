/**
 * A string to find, prepared once for the Two-Way algorithm (Crochemore and
 * Perrin, 1991): linear time in the text and the needle, constant extra
 * memory, so a needle of a megabyte costs three numbers, not a table.
 */
export interface Needle {
  readonly text: string;
  /** The index of the last character of the left part of the critical factorization. */
  readonly split: number;
  /** The shift after a match: the needle's period when `periodic`, else a safe lower bound of it. */
  readonly shift: number;
  /** Whether the left part repeats at the period, so a match can be followed by an overlapping one. */
  readonly periodic: boolean;
  /**
   * How far the window may move when its last character is the given one
   * (by its low byte): the distance from the last such character in the
   * needle to its end, so most windows are passed over after one comparison.
   */
  readonly skip: Uint32Array;
}

/** Prepares `text` (one character or more) for {@link forEachOccurrence}. */
export function prepareNeedle(text: string): Needle {
  const [left, leftPeriod] = maximalSuffix(text, false);
  const [right, rightPeriod] = maximalSuffix(text, true);
  const [split, period] = left > right ? [left, leftPeriod] : [right, rightPeriod];
  let periodic = split + period < text.length;
  for (let index = 0; periodic && index <= split; index += 1) {
    periodic = text.charCodeAt(index) === text.charCodeAt(index + period);
  }
  const shift = periodic ? period : Math.max(split + 1, text.length - split - 1) + 1;
  const skip = new Uint32Array(256).fill(text.length);
  for (let index = 0; index < text.length; index += 1) {
    skip[text.charCodeAt(index) & 255] = text.length - index - 1;
  }
  return { text, split, shift, periodic, skip };
}

/** Calls `found` with the start of every occurrence of the needle in `text`, overlapping ones too, in order. */
export function forEachOccurrence(
  text: string,
  needle: Needle,
  found: (start: number) => void,
): void {
  const { text: pattern, split, shift, periodic, skip } = needle;
  const length = pattern.length;
  const last = text.length - length;
  // In the periodic case, how much of the left part the previous match already proved.
  let memory = -1;
  for (let start = 0; start <= last; ) {
    // No occurrence can end on a character the needle lacks short of its end (Horspool's rule).
    const passOver = skip[text.charCodeAt(start + length - 1) & 255] as number;
    if (passOver > 0) {
      start += passOver;
      memory = -1;
      continue;
    }
    let index = Math.max(split, memory) + 1;
    while (index < length && pattern.charCodeAt(index) === text.charCodeAt(start + index)) {
      index += 1;
    }
    if (index < length) {
      start += index - split;
      memory = -1;
      continue;
    }
    index = split;
    while (index > memory && pattern.charCodeAt(index) === text.charCodeAt(start + index)) {
      index -= 1;
    }
    if (index <= memory) found(start);
    start += shift;
    memory = periodic ? length - shift - 1 : -1;
  }
}

/**
 * The start of the maximal suffix of `text` under the alphabet order (or
 * its reverse) minus one, and that suffix's period.
 */
function maximalSuffix(text: string, reversed: boolean): [number, number] {
  let suffix = -1;
  let candidate = 0;
  let offset = 1;
  let period = 1;
  while (candidate + offset < text.length) {
    const next = text.charCodeAt(candidate + offset);
    const known = text.charCodeAt(suffix + offset);
    if (reversed ? next > known : next < known) {
      candidate += offset;
      offset = 1;
      period = candidate - suffix;
    } else if (next === known) {
      if (offset === period) {
        candidate += period;
        offset = 1;
      } else {
        offset += 1;
      }
    } else {
      suffix = candidate;
      candidate = suffix + 1;
      offset = 1;
      period = 1;
    }
  }
  return [suffix, period];
}
