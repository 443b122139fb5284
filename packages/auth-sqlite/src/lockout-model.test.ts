import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SETUP_MS, timeLimit } from '@enkash/test-kit/fleet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkLockoutModel,
  profilesFromEnvironment,
  STEP_DEADLINE_MS,
} from '../../auth-core/test-support/lockout-model/check-lockout-model.js';
import type { ModelBacking } from '../../auth-core/test-support/lockout-model/model-store.js';
import { MOST_STEPS } from '../../auth-core/test-support/lockout-model/program.js';
import { createSqliteStore } from './create-sqlite-store.js';
import type { SqliteStore } from './sqlite-store-options.js';

/*
 * The lockout guard's model test (auth-core's lockout-model.test.ts: same
 * programs, faults and invariant) over the SQLite store: each simulated
 * process opens its own store on one file, and opens it anew when it
 * restarts. A flush deletes every row; half the corruptions are written as
 * rows the store never wrote (in clear, whatever the encryption key), the
 * rest through `set`.
 *
 * ENKASH_MODEL_RUNS sets the number of runs (default 80 in `npm test`),
 * ENKASH_MODEL_SEED the seed (printed), ENKASH_MODEL_PROFILE the profiles.
 */

const RUNS = Number(process.env.ENKASH_MODEL_RUNS ?? 80);
const SEED = Number(process.env.ENKASH_MODEL_SEED ?? Date.now() % 2_147_483_647);
const ENCRYPTION_KEY = 'model test key material, 32 byte';
const BUSY_TIMEOUT_MS = 5_000;

describe('the lockout model over the SQLite store', () => {
  let folder: string;
  const opened = new Set<{ close(): unknown }>();

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'enkash-lockout-model-'));
  });

  afterEach(async () => {
    // A program that failed midway may have left its stores open: close them before the folder goes.
    await Promise.allSettled([...opened].map((handle) => handle.close()));
    opened.clear();
    rmSync(folder, { recursive: true, force: true });
  });

  let files = 0;
  const openBacking = ({ processes }: { processes: number }): ModelBacking => {
    files += 1;
    const path = join(folder, `model-${files}.sqlite`);
    const open = (): SqliteStore => {
      const store = createSqliteStore({ path, encryptionKey: ENCRYPTION_KEY });
      opened.add(store);
      return store;
    };
    const stores = Array.from({ length: processes }, open);
    // The backend itself, as another tool on the host would open the file.
    const raw = new DatabaseSync(path);
    opened.add(raw);
    raw.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return {
      storeOf: (process) => stores[process] as SqliteStore,
      async reopen(process) {
        const previous = stores[process] as SqliteStore;
        stores[process] = open();
        opened.delete(previous);
        await previous.close();
      },
      async flush() {
        raw.exec('DELETE FROM enkash_values; DELETE FROM enkash_locks;');
      },
      async writeRaw(key, value) {
        // `record = 0`: a value as `set` keeps it, but not sealed with the key.
        raw
          .prepare(
            'INSERT OR REPLACE INTO enkash_values (key, value, record, expires_at) VALUES (?, ?, 0, NULL)',
          )
          .run(key, value);
      },
      async close() {
        for (const store of stores) opened.delete(store);
        opened.delete(raw);
        raw.close();
        await Promise.all(stores.map((store) => store.close()));
      },
    };
  };

  it(`holds the invariant over ${RUNS} random programs on one file (seed ${SEED})`, {
    timeout: timeLimit(SETUP_MS, RUNS * MOST_STEPS * STEP_DEADLINE_MS),
  }, async () => {
    const tally = await checkLockoutModel({
      label: 'lockout model, sqlite',
      openBacking,
      runs: RUNS,
      seed: SEED,
      profiles: profilesFromEnvironment(),
      stepDeadlineMs: STEP_DEADLINE_MS,
      budgetMs: RUNS * MOST_STEPS * STEP_DEADLINE_MS,
    });
    // The programs reach refusals in numbers: the guard is exercised, not bypassed.
    expect(tally.refusals).toBeGreaterThan(RUNS / 4);
  });
});
