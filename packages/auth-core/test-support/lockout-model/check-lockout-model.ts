import fc from 'fast-check';
import { expect } from 'vitest';
import type { OpenBacking } from './model-store.js';
import { type Profile, scenarioArbitrary } from './program.js';
import { type AppliedFaults, runProgram } from './run-program.js';

/*
 * A model test of the lockout guard (issue 25): N processes of a fleet (each
 * its own account registry, each its own store over one shared backing) talk
 * to the sandbox's engine in process (EnKash's own rules: 3 consecutive
 * failures lock the user), and run a random program of calls with right,
 * wrong and lagging (vault) passwords, rotations, concurrent callers and
 * forced refreshes, while the store goes down, stalls (operations time out
 * and are applied later, or never), is flushed or corrupted, and processes
 * restart. The invariant, checked on the server's log:
 *
 * - EnKash never locks the user (never sees a 3rd consecutive failure);
 * - a right password is refused by the guard (LOCKOUT_GUARD) only when two
 *   refusals happened since the last success: refusals answered after that
 *   success's request was sent (one that overlapped it may have reached
 *   EnKash after it, so it counts);
 * - a token goes only to the password that obtained it.
 *
 * Restarts run with a healthy store: a process restarting while the only
 * copy of a refusal is in its memory (the store down or flushed) takes it
 * with it, which no client can undo (the SQLite store keeps it on disk).
 */

/**
 * A step of a program over a real store running past this is a hang: every
 * wait in a step is far shorter (the lock's TTL, 1.25 s with the model's
 * 250 ms timeout, then a request and a few store operations of 250 ms each).
 */
export const STEP_DEADLINE_MS = 5_000;

export interface LockoutModelSettings {
  /** Names the store in what is printed. */
  label: string;
  /** A fresh backing for each program. */
  openBacking: OpenBacking;
  runs: number;
  /** fast-check seed: printed, replays a failure. */
  seed: number;
  /** The profiles programs are drawn from (every one when not given). */
  profiles?: readonly Profile[] | undefined;
  /** A step running past this is a hang, reported as a violation (none when not given). */
  stepDeadlineMs?: number;
  /** Stops searching and shrinking after this, reporting what was found so far. */
  budgetMs?: number;
}

export interface LockoutModelTally extends AppliedFaults {
  runs: number;
  requests: number;
  refusals: number;
}

/** The profiles named in ENKASH_MODEL_PROFILE (joined by `|`), or every one. */
export function profilesFromEnvironment(): Profile[] | undefined {
  return process.env.ENKASH_MODEL_PROFILE?.split('|') as Profile[] | undefined;
}

/**
 * Runs `runs` random programs (and fast-check's shrinking on a failure),
 * printing the seed first, then the tally; throws fast-check's report (seed,
 * path, the smallest failing program and its violations) on a violation.
 */
export async function checkLockoutModel(
  settings: LockoutModelSettings,
): Promise<LockoutModelTally> {
  const { label, runs, seed } = settings;
  console.info(`${label}: ${runs} runs, seed ${seed} (ENKASH_MODEL_SEED to replay)`);
  const tally: LockoutModelTally = {
    runs: 0,
    requests: 0,
    refusals: 0,
    flushes: 0,
    corruptions: 0,
    rawCorruptions: 0,
    restarts: 0,
  };
  await fc.assert(
    fc.asyncProperty(scenarioArbitrary(settings.profiles), async (scenario) => {
      const { violations, exchanges, faults } = await runProgram(
        scenario,
        settings.openBacking,
        settings.stepDeadlineMs,
      );
      tally.runs += 1;
      tally.requests += exchanges.length;
      tally.refusals += exchanges.filter((exchange) => exchange.outcome === 'refused').length;
      tally.flushes += faults.flushes;
      tally.corruptions += faults.corruptions;
      tally.rawCorruptions += faults.rawCorruptions;
      tally.restarts += faults.restarts;
      expect(violations).toEqual([]);
    }),
    {
      numRuns: runs,
      seed,
      endOnFailure: false,
      ...(settings.budgetMs === undefined
        ? {}
        : { interruptAfterTimeLimit: settings.budgetMs, markInterruptAsFailure: true }),
    },
  );
  console.info(
    `${label}: ${tally.runs} programs (with shrinking), ${tally.requests} token requests, ${tally.refusals} refused, 0 violations; ${tally.flushes} flushes, ${tally.corruptions} corruptions (${tally.rawCorruptions} raw), ${tally.restarts} restarts`,
  );
  return tally;
}
