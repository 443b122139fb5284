import { median } from './statistics.js';

/** One side of a comparison: `run` performs one operation (one token request, one call). */
export interface Contender {
  name: string;
  run: () => Promise<unknown>;
}

/** How long to measure. */
export interface InterleavedOptions {
  /** Rounds in which every contender runs one batch; ratios are taken per round. */
  rounds: number;
  /** The wall time one batch aims at, in milliseconds (batches are sized once, up front). */
  batchMs: number;
  /** Rounds run first and thrown away (JIT, connection pools, caches). */
  warmupRounds: number;
}

/** Per-contender figures of an interleaved run. */
export interface InterleavedResult {
  /** Operations per batch, per contender. */
  batchSizes: Record<string, number>;
  /** Median nanoseconds per operation over the rounds, per contender. */
  medianNs: Record<string, number>;
  /** Nanoseconds per operation, per contender, one entry per round. */
  roundsNs: Record<string, number[]>;
}

/**
 * Runs the contenders in alternating batches: each round runs one batch of
 * each, in an order rotated every round, so a slow moment of a noisy machine
 * falls on all of them alike. A ratio is then taken within each round (see
 * {@link roundRatio}), never between separate runs.
 */
export async function runInterleaved(
  contenders: readonly Contender[],
  options: InterleavedOptions,
): Promise<InterleavedResult> {
  const batchSizes: Record<string, number> = {};
  for (const contender of contenders) {
    batchSizes[contender.name] = await calibrate(contender, options.batchMs);
  }
  const roundsNs: Record<string, number[]> = {};
  for (const contender of contenders) roundsNs[contender.name] = [];
  for (let round = 0; round < options.warmupRounds + options.rounds; round += 1) {
    for (let index = 0; index < contenders.length; index += 1) {
      const contender = contenders[(round + index) % contenders.length] as Contender;
      const size = batchSizes[contender.name] ?? 1;
      const nanoseconds = await timeBatch(contender, size);
      if (round >= options.warmupRounds) roundsNs[contender.name]?.push(nanoseconds / size);
    }
  }
  const medianNs: Record<string, number> = {};
  for (const contender of contenders)
    medianNs[contender.name] = median(roundsNs[contender.name] ?? []);
  return { batchSizes, medianNs, roundsNs };
}

/** The median over rounds of `numerator`'s time per operation divided by `denominator`'s. */
export function roundRatio(
  result: InterleavedResult,
  numerator: string | readonly string[],
  denominator: string | readonly string[],
): number {
  const pick = (names: string | readonly string[], round: number) => {
    const list = typeof names === 'string' ? [names] : names;
    // Several names: the fastest of them in that round.
    return Math.min(...list.map((name) => result.roundsNs[name]?.[round] ?? Number.NaN));
  };
  const anyName = typeof numerator === 'string' ? numerator : (numerator[0] ?? '');
  const rounds = result.roundsNs[anyName]?.length ?? 0;
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    ratios.push(pick(numerator, round) / pick(denominator, round));
  }
  return median(ratios);
}

async function timeBatch(contender: Contender, size: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let operation = 0; operation < size; operation += 1) {
    await contender.run();
  }
  return Number(process.hrtime.bigint() - started);
}

/** How many operations fill about `batchMs` milliseconds. */
async function calibrate(contender: Contender, batchMs: number): Promise<number> {
  let size = 1;
  for (;;) {
    const nanoseconds = await timeBatch(contender, size);
    if (nanoseconds >= 5_000_000 || size >= 1 << 24) {
      return Math.max(1, Math.round((size * batchMs * 1e6) / nanoseconds));
    }
    size *= 4;
  }
}
