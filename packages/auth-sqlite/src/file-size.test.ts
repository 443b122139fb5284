import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetAccounts } from '@enkash/auth-core/testing';
import { createPayoutsAuth } from '@enkash/payouts';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';

// `ENKASH_SQLITE_REFRESHES=10000 pnpm exec vitest run --project auth-sqlite src/file-size.test.ts`
// gives the README's figure; npm test runs the default.
const REFRESHES = Number(process.env.ENKASH_SQLITE_REFRESHES ?? 1_000);
const WARM_UP = 100;
const LIFETIME_S = 600;
const PAGE = 4_096;
/** Per refresh on a loaded machine (a local HTTP request, a few SQLite writes), with slack. */
const REFRESH_MS = 60;

const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

describe('the file over many token refreshes', () => {
  let folder: string;
  let sandbox: Sandbox;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'enkash-sqlite-size-'));
    sandbox = await startSandbox();
    sandbox.setTokenLifetime('payouts', LIFETIME_S);
  });

  afterEach(async () => {
    forgetAccounts();
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it(`does not grow over ${REFRESHES} token refreshes: expired rows are swept, pages reused, the WAL cut back`, {
    timeout: 30_000 + (WARM_UP + REFRESHES) * REFRESH_MS,
  }, async () => {
    const path = join(folder, 'tokens.sqlite');
    const user = sandbox.users.payouts;
    // Each refresh: the token expired on this clock, so the next call requests a new one.
    let now = Date.now();
    const clock = { now: () => now };
    let walPeak = 0;

    /** `count` refreshes through a fresh store and auth, then closed, as one process's life. */
    async function refresh(count: number): Promise<number> {
      forgetAccounts();
      const store = createSqliteStore({ path, encryptionKey: 'size test key material, 32 bytes' });
      const auth = createPayoutsAuth({
        baseUrl: sandbox.baseUrl('payouts'),
        clientId: user.clientId,
        clientSecret: user.clientSecret,
        username: user.username,
        password: user.password,
        store,
        clock,
        retries: 0,
      });
      try {
        for (let index = 0; index < count; index += 1) {
          now += (LIFETIME_S + 1) * 1_000;
          await auth.getToken();
          walPeak = Math.max(walPeak, sizeOf(`${path}-wal`));
        }
      } finally {
        await store.close();
      }
      // The last connection closed: SQLite folded the WAL into the database and removed it.
      return sizeOf(path) + sizeOf(`${path}-wal`) + sizeOf(`${path}-shm`);
    }

    const before = sandbox.counters('payouts').issued;
    const afterWarmUp = await refresh(WARM_UP);
    const afterAll = await refresh(REFRESHES);
    expect(sandbox.counters('payouts').issued - before).toBeGreaterThanOrEqual(WARM_UP + REFRESHES);

    expect(afterAll).toBeLessThanOrEqual(afterWarmUp + 2 * PAGE);
    // Between checkpoints the WAL holds about 256 pages (the store's wal_autocheckpoint).
    expect(walPeak).toBeLessThan(2 * 1024 * 1024);
    console.info(
      `${WARM_UP + REFRESHES} token refreshes: the file is ${afterAll} bytes once closed (${afterWarmUp} after ${WARM_UP}); the WAL peaked at ${walPeak} bytes while open`,
    );
  });
});
