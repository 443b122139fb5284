import { type InterleavedResult, ratios } from './interleaved.js';

/** Whether a figure meets its target; `INFO` has none, `SKIP` could not be measured. */
export type Verdict = 'PASS' | 'MISS' | 'INFO' | 'SKIP';

/** One line of the table: a measurement of ours beside a peer, with its target. */
export interface Figure {
  /** What is measured, e.g. `Cached getToken()`. */
  figure: string;
  /** Against what, e.g. `google-auth-library getAccessToken()`. */
  against: string;
  /** Our figure with its unit. */
  ours: string;
  /** The peer's figure with its unit. */
  theirs: string;
  /** The ratio the target is about, taken within rounds of one run, on CPU time. */
  ratio?: number;
  /** The same ratio on elapsed time, shown beside it. */
  wallRatio?: number;
  /**
   * The 25th and 75th percentiles of the per-round CPU ratios: the middle
   * half of the rounds. A target inside them is within this run's noise.
   */
  ratioQuartiles?: [number, number];
  /** How the ratio is formed, e.g. `their time ÷ ours`. */
  ratioMeaning?: string;
  /** The target in words, e.g. `≥ 1.5×`. */
  target: string;
  verdict: Verdict;
  /** Why a figure was skipped, or anything the reader must know. */
  note?: string;
}

/** `PASS` when `ratio` is at least `minimum`. */
export function atLeast(ratio: number, minimum: number): Verdict {
  return ratio >= minimum ? 'PASS' : 'MISS';
}

/** `PASS` when `ratio` is at most `maximum`. */
export function atMost(ratio: number, maximum: number): Verdict {
  return ratio <= maximum ? 'PASS' : 'MISS';
}

/** Nanoseconds per operation as a readable duration. */
export function formatDuration(nanoseconds: number): string {
  if (nanoseconds < 1_000) return `${nanoseconds.toFixed(0)} ns`;
  if (nanoseconds < 1_000_000) return `${(nanoseconds / 1_000).toFixed(2)} µs`;
  return `${(nanoseconds / 1_000_000).toFixed(3)} ms`;
}

/** A byte count with a thousands separator. */
export function formatBytes(bytes: number): string {
  return `${Math.round(bytes).toLocaleString('en-US')} B`;
}

/**
 * The figure of one contender against another from one run, whose CPU-time
 * ratio (`ours` ÷ `theirs`) must stay at most `maximum`.
 */
export function atMostFigure(
  result: InterleavedResult,
  names: { ours: string; theirs: string },
  text: Pick<Figure, 'figure' | 'against' | 'ratioMeaning'>,
  maximum: number,
): Figure {
  const ratio = ratios(result, names.ours, names.theirs);
  return {
    ...text,
    ours: formatDuration(result.medianNs.cpu[names.ours] ?? Number.NaN),
    theirs: formatDuration(result.medianNs.cpu[names.theirs] ?? Number.NaN),
    ...ratio,
    target: `≤ ${maximum}×`,
    verdict: atMost(ratio.ratio, maximum),
  };
}
