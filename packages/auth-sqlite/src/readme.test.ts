import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPayoutsAuth, PAYOUTS_UAT_BASE_URL } from '@enkash/payouts';
import { startSandbox } from '@enkash/sandbox';
import { expectReadmeToShowQuickStart, startQuickStartSandbox } from '@enkash/test-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';

describe('README', () => {
  let state: string;

  // The quick start uses the per-user default file: here, in a folder of the test's own.
  beforeEach(() => {
    state = mkdtempSync(join(tmpdir(), 'enkash-sqlite-readme-'));
    vi.stubEnv('XDG_STATE_HOME', state);
    vi.stubEnv('HOME', state);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(state, { recursive: true, force: true });
  });

  it('shows a quick start that works against the sandbox', async () => {
    const sandbox = await startQuickStartSandbox(startSandbox, 'payouts');

    // README quick start: begin
    // Every process of this OS user on the host shares the file, its token and its lockout count.
    const store = createSqliteStore();
    const auth = createPayoutsAuth({
      baseUrl: process.env.ENKASH_BASE_URL ?? PAYOUTS_UAT_BASE_URL,
      clientId: process.env.ENKASH_CLIENT_ID ?? '',
      clientSecret: process.env.ENKASH_CLIENT_SECRET ?? '',
      username: process.env.ENKASH_USERNAME ?? '',
      password: process.env.ENKASH_PASSWORD ?? '',
      store,
    });

    const response = await auth.client.get('api/ping');
    console.log(response.status); // 200
    console.log(store.path); // ~/.local/state/enkash-auth/tokens.sqlite on Linux
    // README quick start: end

    await store.close();
    expect(response.status).toBe(200);
    expect(store.path.startsWith(state)).toBe(true);
    expect(sandbox.counters('payouts').issued).toBe(1);
    await expectReadmeToShowQuickStart(import.meta.filename);
  });
});
