import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import {
  inAnotherProcess,
  sandboxAuth,
  sandboxOptions,
  useSandbox,
} from '../../test-support/sandbox.js';
import { createMemoryStore } from '../store/memory-store.js';
import { resetStoredLockout } from './reset-stored-lockout.js';

const sandbox = useSandbox();

describe('resetStoredLockout', () => {
  it('clears a tripped count for every process of the fleet, from outside', async () => {
    const store = { ...createMemoryStore(), shared: true };
    const options = sandboxOptions(sandbox(), 'payouts');
    const identity = {
      product: 'payouts',
      baseUrl: options.baseUrl,
      clientId: options.clientId,
      username: options.username,
    };
    const wrong = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-41', store });
    const other = inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-41', store }),
    );
    await failureOf(wrong.getToken());
    await failureOf(wrong.getToken());
    expect((await failureOf(other.getToken())).code).toBe('LOCKOUT_GUARD');

    expect(await resetStoredLockout(store, identity)).toBe(true);

    // The credentials fixed, a process gets its token; another one still on the wrong password
    // takes the reset too, from a count of zero.
    const fixed = sandboxAuth(sandbox(), camelDefinition, { store });
    await expect(fixed.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect((await failureOf(other.getToken())).message).toContain('1 attempt remains');
    expect(sandbox().counters('payouts').tokenRequests).toBe(4);
    expect(sandbox().isLocked('payouts', options.username)).toBe(false);
  });

  it('writes a clean record where the store held none, or a corrupt one', async () => {
    const store = createMemoryStore();
    const identity = {
      product: 'payouts',
      baseUrl: 'https://x.test',
      clientId: 'c',
      username: 'u',
    };
    expect(await resetStoredLockout(store, identity)).toBe(true);
    expect(await resetStoredLockout(store, identity)).toBe(true);
  });
});
