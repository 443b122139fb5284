import { median, percentile } from './statistics.js';

/** One side of a comparison: `run` performs one operation (one token request, one call). */
export interface Contender {
  name: string;
  run: () => Promise<unknown>;
}

/** How long to measure. */
export interface InterleavedOptions {
  /** Rounds in which every contender runs one batch; ratios are taken per round. */
  rounds: number;
  /** The CPU time one batch aims at, in milliseconds (batches are sized once, up front). */
  batchMs: number;
  /** Rounds run first and thrown away (JIT, connection pools, caches). */
  warmupRounds: number;
}

/** Which clock a figure is read from. */
export type Clock = 'cpu' | 'wall';

/**
 * Per-contender figures of an interleaved run, on two clocks: `cpu` is this
 * process's CPU time (user + system, every thread, so garbage collection and
 * the in-process sandbox count), which time spent waiting for a core on a
 * loaded machine does not inflate; `wall` is elapsed time.
 */
export interface InterleavedResult {
  /** Operations per batch, per contender. */
  batchSizes: Record<string, number>;
  /** Median nanoseconds per operation over the rounds, per clock and contender. */
  medianNs: Record<Clock, Record<string, number>>;
  /** Nanoseconds per operation, per clock and contender, one entry per round. */
  roundsNs: Record<Clock, Record<string, number[]>>;
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
  // Warm every contender first: batches sized while the JIT is still cold come out too small.
  for (const contender of contenders) await calibrate(contender, options.batchMs);
  const batchSizes: Record<string, number> = {};
  for (const contender of contenders) {
    batchSizes[contender.name] = await calibrate(contender, options.batchMs);
  }
  const roundsNs = emptyRounds(contenders);
  for (let round = 0; round < options.warmupRounds + options.rounds; round += 1) {
    for (let index = 0; index < contenders.length; index += 1) {
      const contender = contenders[(round + index) % contenders.length] as Contender;
      const size = batchSizes[contender.name] ?? 1;
      const { cpuNs, wallNs } = await timeBatch(contender, size);
      if (round >= options.warmupRounds) {
        roundsNs.cpu[contender.name]?.push(cpuNs / size);
        roundsNs.wall[contender.name]?.push(wallNs / size);
      }
    }
  }
  return { batchSizes, medianNs: mediansOf(roundsNs), roundsNs };
}

/** Per clock, an empty list of per-round times for each contender. */
export function emptyRounds(
  contenders: readonly { name: string }[],
): Record<Clock, Record<string, number[]>> {
  const roundsNs: Record<Clock, Record<string, number[]>> = { cpu: {}, wall: {} };
  for (const contender of contenders) {
    roundsNs.cpu[contender.name] = [];
    roundsNs.wall[contender.name] = [];
  }
  return roundsNs;
}

/** The median over rounds of each contender's time per operation, on each clock. */
export function mediansOf(
  roundsNs: Record<Clock, Record<string, number[]>>,
): Record<Clock, Record<string, number>> {
  const medianNs: Record<Clock, Record<string, number>> = { cpu: {}, wall: {} };
  for (const clock of ['cpu', 'wall'] as const) {
    for (const [name, rounds] of Object.entries(roundsNs[clock])) {
      medianNs[clock][name] = median(rounds);
    }
  }
  return medianNs;
}

/**
 * The ratio of `numerator`'s time per operation to `denominator`'s in each
 * round, on one clock (CPU time unless told).
 */
function perRoundRatios(
  result: InterleavedResult,
  numerator: string,
  denominator: string,
  clock: Clock,
): number[] {
  const top = result.roundsNs[clock][numerator] ?? [];
  const bottom = result.roundsNs[clock][denominator] ?? [];
  return top.map((value, round) => value / (bottom[round] ?? Number.NaN));
}

/**
 * The median over rounds of `numerator`'s time per operation divided by
 * `denominator`'s, on one clock (CPU time unless told).
 */
export function roundRatio(
  result: InterleavedResult,
  numerator: string,
  denominator: string,
  clock: Clock = 'cpu',
): number {
  return median(perRoundRatios(result, numerator, denominator, clock));
}

/** Of `names`, the one with the lowest median time per operation. */
export function fastestOf(
  result: InterleavedResult,
  names: readonly string[],
  clock: Clock = 'cpu',
): string {
  const times = result.medianNs[clock];
  const sorted = [...names].sort(
    (a, b) => (times[a] ?? Number.POSITIVE_INFINITY) - (times[b] ?? Number.POSITIVE_INFINITY),
  );
  return sorted[0] ?? '';
}

async function timeBatch(
  contender: Contender,
  size: number,
): Promise<{ cpuNs: number; wallNs: number }> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let operation = 0; operation < size; operation += 1) {
    await contender.run();
  }
  const wallNs = Number(process.hrtime.bigint() - started);
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuNs: (cpu.user + cpu.system) * 1_000, wallNs };
}

/** How many operations fill about `batchMs` milliseconds of CPU time. */
export async function calibrate(contender: Contender, batchMs: number): Promise<number> {
  let size = 1;
  for (;;) {
    const { cpuNs, wallNs } = await timeBatch(contender, size);
    // Mostly CPU time; elapsed time caps the batch should an operation mostly wait.
    const nanoseconds = Math.max(cpuNs, wallNs / 10);
    if (nanoseconds >= 5_000_000 || size >= 1 << 24) {
      return Math.max(1, Math.round((size * batchMs * 1e6) / nanoseconds));
    }
    size *= 4;
  }
}

/**
 * {@link roundRatio} on both clocks: `ratio` (CPU time) decides, `wallRatio`
 * is shown beside it, and `ratioQuartiles` (the 25th and 75th percentiles of
 * the per-round CPU ratios) shows how far this run's noise spreads it.
 */
export function ratios(
  result: InterleavedResult,
  numerator: string,
  denominator: string,
): { ratio: number; wallRatio: number; ratioQuartiles: [number, number] } {
  const cpu = perRoundRatios(result, numerator, denominator, 'cpu');
  return {
    ratio: median(cpu),
    wallRatio: roundRatio(result, numerator, denominator, 'wall'),
    ratioQuartiles: [percentile(cpu, 25), percentile(cpu, 75)],
  };
}
