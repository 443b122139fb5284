import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreErrorEvent } from '@enkash/auth-core';
import { forgetAccounts } from '@enkash/auth-core/testing';
import { createPayoutsAuth } from '@enkash/payouts';
import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';

// What the store's own tests show of a failing operation (SQLITE_CLOSED, SQLITE_BUSY, ...) must
// reach an auth as it promises: a `store-error` event naming the operation and the code, and
// tokens served all the same from the process alone.
describe('an auth on a SQLite store that fails', () => {
  let folder: string;
  let sandbox: Sandbox;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'enkash-sqlite-store-error-'));
    sandbox = await startSandbox();
  });

  afterEach(async () => {
    forgetAccounts();
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('hears store-error with the store code, and still gets its token, once', async () => {
    const store = createSqliteStore({ path: join(folder, 'tokens.sqlite') });
    // A store closed under the auth: every operation is refused with SQLITE_CLOSED.
    await store.close();
    const auth = createPayoutsAuth({
      baseUrl: sandbox.baseUrl('payouts'),
      ...sandbox.users.payouts,
      store,
      retries: 0,
    });
    const heard: StoreErrorEvent[] = [];
    auth.on('store-error', (payload) => heard.push(payload));

    const token = await auth.getToken();
    expect(token.accessToken.length).toBeGreaterThan(0);
    expect(await auth.getToken()).toEqual(token);
    expect(sandbox.counters('payouts').tokenRequests).toBe(1);

    expect(heard.length).toBeGreaterThan(0);
    for (const payload of heard) {
      expect(payload).toMatchObject({
        product: 'payouts',
        errorName: 'SqliteStoreError',
        code: 'SQLITE_CLOSED',
      });
      expect(payload.message).toMatch(/^The SQLite store is closed; \w+ refused\.$/);
      expect(JSON.stringify(payload)).not.toContain(token.accessToken);
    }
  });
});
