import type { Sandbox } from '@enkash/sandbox';
import type { InterleavedOptions } from './interleaved.js';

/** What every scenario gets from the runner. */
export interface BenchContext {
  /** The sandbox on 127.0.0.1, in this process, shared by the scenarios. */
  sandbox: Sandbox;
  /** Rounds and batch length of the side-by-side comparisons. */
  timing: InterleavedOptions;
  /** Prints a progress line (to stderr, so the table stays alone on stdout). */
  progress(message: string): void;
}
