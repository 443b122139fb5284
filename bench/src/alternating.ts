import {
  type Contender,
  calibrate,
  emptyRounds,
  type InterleavedOptions,
  type InterleavedResult,
  mediansOf,
} from './interleaved.js';

/** How many times the usual rounds an alternating run takes. */
export const ALTERNATING_ROUNDS_FACTOR = 5;

/**
 * Like {@link runInterleaved}, but the contenders alternate operation by
 * operation instead of batch by batch: in each round every contender runs
 * its share of operations, one at a time, in an order rotated after each
 * operation, and each operation is timed on its own. For operations of a
 * millisecond or so (a token request, an API call over loopback) a noisy
 * host slows the machine for stretches shorter than a batch, and a batch
 * that falls into one decides its round; alternating spreads every such
 * stretch over all the contenders alike. Timing each operation adds about a
 * microsecond to each, on every side.
 */
export async function runAlternating(
  contenders: readonly Contender[],
  timing: InterleavedOptions,
): Promise<InterleavedResult> {
  // A loaded host moves single milliseconds by a quarter or more: five times the rounds puts the
  // median of the per-round ratios within a few percent from one run to the next.
  const options = { ...timing, rounds: timing.rounds * ALTERNATING_ROUNDS_FACTOR };
  for (const contender of contenders) await calibrate(contender, options.batchMs);
  const batchSizes: Record<string, number> = {};
  for (const contender of contenders) {
    batchSizes[contender.name] = await calibrate(contender, options.batchMs);
  }
  // One count for all: a round must give every contender the same moments of the machine.
  const perRound = Math.max(1, Math.min(...Object.values(batchSizes)));
  const roundsNs = emptyRounds(contenders);
  for (let round = 0; round < options.warmupRounds + options.rounds; round += 1) {
    const cpuNs = new Map<string, number>();
    const wallNs = new Map<string, number>();
    for (let operation = 0; operation < perRound; operation += 1) {
      for (let index = 0; index < contenders.length; index += 1) {
        const contender = contenders[(operation + index) % contenders.length] as Contender;
        const cpuBefore = process.cpuUsage();
        const started = process.hrtime.bigint();
        await contender.run();
        const wall = Number(process.hrtime.bigint() - started);
        const cpu = process.cpuUsage(cpuBefore);
        cpuNs.set(
          contender.name,
          (cpuNs.get(contender.name) ?? 0) + (cpu.user + cpu.system) * 1_000,
        );
        wallNs.set(contender.name, (wallNs.get(contender.name) ?? 0) + wall);
      }
    }
    if (round < options.warmupRounds) continue;
    for (const contender of contenders) {
      roundsNs.cpu[contender.name]?.push((cpuNs.get(contender.name) ?? 0) / perRound);
      roundsNs.wall[contender.name]?.push((wallNs.get(contender.name) ?? 0) / perRound);
    }
  }
  const sizes = Object.fromEntries(contenders.map((contender) => [contender.name, perRound]));
  return { batchSizes: sizes, medianNs: mediansOf(roundsNs), roundsNs };
}
