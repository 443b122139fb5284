import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenStore } from '@enkash/auth-core';
import { checkStoreAgainstModel } from '@enkash/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';
import type { SqliteStore } from './sqlite-store-options.js';

// Replay a failure with FAST_CHECK_SEED=<seed>; ENKASH_MODEL_RUNS=<n> for a longer search.
const RUNS = Number(process.env.ENKASH_MODEL_RUNS ?? 150);
const SEED = Number(process.env.FAST_CHECK_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('the SQLite store against the model', () => {
  let folder: string;
  let files = 0;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'enkash-sqlite-model-'));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it(`answers as the memory store does, over ${RUNS} sequences on 3 instances of one file`, {
    timeout: 120_000,
  }, async () => {
    const operations = await checkStoreAgainstModel({
      runs: RUNS,
      seed: SEED,
      createStores() {
        files += 1;
        const path = join(folder, `model-${files}.sqlite`);
        // One with a key and two without would disagree on tokens: all three share one.
        const encryptionKey = 'model test key material, 32 byte';
        return [0, 1, 2].map(() => createSqliteStore({ path, encryptionKey }));
      },
      async dispose(stores: TokenStore[]) {
        await Promise.all(stores.map((store) => (store as SqliteStore).close()));
      },
    });
    console.info(`store model, sqlite: ${RUNS} sequences, ${operations} operations, seed ${SEED}`);
    expect(operations).toBeGreaterThanOrEqual(RUNS);
  });
});
