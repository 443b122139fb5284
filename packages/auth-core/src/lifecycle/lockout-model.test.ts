import { describe, expect, it } from 'vitest';
import {
  checkLockoutModel,
  profilesFromEnvironment,
} from '../../test-support/lockout-model/check-lockout-model.js';
import { openMemoryBacking } from '../../test-support/lockout-model/model-store.js';

/*
 * The model test of the lockout guard (issue 25; the programs, faults and
 * invariant are described in test-support/lockout-model/check-lockout-model.ts)
 * over the memory store, every process sharing one. auth-sqlite and
 * auth-redis run the same model over their real stores.
 *
 * ENKASH_MODEL_RUNS sets the number of runs (default 120 in `npm test`),
 * ENKASH_MODEL_SEED the seed (printed every run, and by fast-check on failure),
 * ENKASH_MODEL_PROFILE the profiles to draw from (names joined by `|`).
 */

const RUNS = Number(process.env.ENKASH_MODEL_RUNS ?? 120);
const SEED = Number(process.env.ENKASH_MODEL_SEED ?? Date.now() % 2_147_483_647);

describe('a model of the lockout guard against one shared store with faults', () => {
  it(
    `holds the invariant over ${RUNS} random programs (seed ${SEED})`,
    async () => {
      const tally = await checkLockoutModel({
        label: 'lockout model',
        openBacking: openMemoryBacking,
        runs: RUNS,
        seed: SEED,
        profiles: profilesFromEnvironment(),
      });
      // The programs reach refusals in numbers: the guard is exercised, not bypassed.
      expect(tally.refusals).toBeGreaterThan(RUNS / 4);
    },
    // Each program runs in tens of milliseconds; a loaded machine may be many times slower.
    Math.max(120_000, RUNS * 2_000),
  );
});
