const COUNT = new Intl.NumberFormat('en-US');

/** `10,000`: thousands separated, the same on every locale. */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** A duration in the unit that reads best: `85 ns`, `0.42 µs`, `3.1 ms`, `2.0 s`, `300 s`. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 0.001) return `${Math.round(milliseconds * 1_000_000)} ns`;
  if (milliseconds < 1) return `${(milliseconds * 1000).toFixed(2)} µs`;
  if (milliseconds < 1000) return `${milliseconds.toFixed(1)} ms`;
  if (milliseconds < 10_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  return `${formatCount(Math.round(milliseconds / 1000))} s`;
}

/** How many times one thing is faster than another, to two significant digits: `8,100×`. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return 'n/a';
  if (ratio < 10) return `${ratio.toFixed(1)}×`;
  const digits = Math.floor(Math.log10(ratio)) - 1;
  const rounded = Math.round(ratio / 10 ** digits) * 10 ** digits;
  return `${formatCount(rounded)}×`;
}

/** A clock time in UTC, `12:34:56 UTC`. */
export function formatClock(epochMilliseconds: number): string {
  return `${new Date(epochMilliseconds).toISOString().slice(11, 19)} UTC`;
}
