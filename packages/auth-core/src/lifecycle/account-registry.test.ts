import { describe, expect, it, vi } from 'vitest';
import { camelDefinition, resultCodeDefinition } from '../../test-support/definitions.js';
import {
  inAnotherProcess,
  sandboxAuth,
  sandboxOptions,
  useSandbox,
} from '../../test-support/sandbox.js';
import { createAuth } from '../create-auth.js';
import type { Credentials } from '../credentials/credentials.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { StoreKeyIdentity } from '../store/store-key.js';
import { constructIn, createAccountRegistry } from './account-registry.js';

const sandbox = useSandbox({
  users: {
    payouts: [
      {
        clientId: 'registry-client',
        clientSecret: 'registry-client-secret-3141',
        username: 'first@example.com',
        password: 'first-password-2718',
      },
      {
        clientId: 'registry-client',
        clientSecret: 'registry-client-secret-3141',
        username: 'second@example.com',
        password: 'second-password-1618',
      },
    ],
  },
});

const notLocked = () => {
  expect(sandbox().isLocked('payouts', 'first@example.com')).toBe(false);
  expect(sandbox().counters('payouts').lockouts).toBe(0);
};

describe('one client per account, however many auths are created', () => {
  it('6 auths made one after another with a wrong password send at most 2 requests', async () => {
    const codes: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      // A new auth per incoming request: the most common misuse.
      const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-21' });
      codes.push(
        await auth.getToken().then(
          () => 'token',
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(codes).toEqual(['REJECTED', 'REJECTED', ...Array(4).fill('LOCKOUT_GUARD')]);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
    notLocked();
  });

  it('50 auths made one after another with the right password send 1 token request', async () => {
    const tokens = new Set<string>();
    for (let index = 0; index < 50; index += 1) {
      tokens.add((await sandboxAuth(sandbox(), camelDefinition).getToken()).accessToken);
    }
    expect(tokens.size).toBe(1);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('200 auths made and called at once send 1 token request', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 200 }, () => sandboxAuth(sandbox(), camelDefinition).getToken()),
    );
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('the same holds with a new memory store per auth: store instances do not matter', async () => {
    const codes: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const auth = sandboxAuth(sandbox(), camelDefinition, {
        password: 'wrong-password-22',
        store: createMemoryStore(),
      });
      codes.push(
        await auth.getToken().then(
          () => 'token',
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(codes).toEqual([
      'REJECTED',
      'REJECTED',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
    ]);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
    notLocked();
  });

  it('three auths sharing one memory store, called at once with a wrong password, send at most 2 requests', async () => {
    const store = createMemoryStore();
    const auths = Array.from({ length: 3 }, () =>
      sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-23', store }),
    );
    for (let round = 0; round < 3; round += 1) {
      sandbox().enqueueFault('payouts', { type: 'delay', ms: 30 });
      await Promise.allSettled(auths.map((auth) => auth.getToken()));
    }
    expect(sandbox().counters('payouts').tokenRequests).toBeLessThanOrEqual(2);
    notLocked();
  });

  it('three processes sharing one memory store, called at once with a wrong password: the store reserves each attempt atomically', async () => {
    // Separate processes share no account, and a memory store takes no fleet
    // lock: only the reservation (count first, then send) stands between them.
    const store = createMemoryStore();
    const auths = Array.from({ length: 3 }, () =>
      inAnotherProcess(() =>
        sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-24', store }),
      ),
    );
    for (let round = 0; round < 3; round += 1) {
      sandbox().enqueueFault(
        'payouts',
        ...Array.from({ length: 3 }, () => ({ type: 'delay' as const, ms: 30 })),
      );
      const results = await Promise.allSettled(auths.map((auth) => auth.getToken()));
      expect(results.every((result) => result.status === 'rejected')).toBe(true);
    }
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
    notLocked();
  });

  it('different accounts never share a token or a count', async () => {
    const first = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-25' });
    await expect(first.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    await expect(first.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    await expect(first.getToken()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });
    const second = sandboxAuth(sandbox(), camelDefinition, {
      username: 'second@example.com',
      password: 'second-password-1618',
    });
    await expect(second.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    // Another product with the same identity is another account too.
    const expense = createAuth(resultCodeDefinition, sandboxOptions(sandbox(), 'expense'));
    await expect(expense.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(3);
  });

  it('a fixed password on a new auth still meets the count: resetLockout() from any auth clears it', async () => {
    const wrong = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-26' });
    await wrong.getToken().catch(() => undefined);
    await wrong.getToken().catch(() => undefined);
    const fixed = sandboxAuth(sandbox(), camelDefinition);
    await expect(fixed.getToken()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });
    await fixed.resetLockout();
    await expect(fixed.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(3);
  });

  it('construction draws no randomness, does no I/O and looks up no account', () => {
    const uuid = vi.spyOn(globalThis.crypto, 'randomUUID');
    const random = vi.spyOn(Math, 'random');
    const registry = createAccountRegistry();
    try {
      inAnotherProcess(() =>
        sandboxAuth(sandbox(), camelDefinition, { store: createMemoryStore() }),
      );
      expect(uuid).not.toHaveBeenCalled();
      expect(random).not.toHaveBeenCalled();
      expect(registry.size).toBe(0);
      expect(sandbox().counters('payouts').tokenRequests).toBe(0);
    } finally {
      uuid.mockRestore();
      random.mockRestore();
    }
  });
});

const identity = (username: string): StoreKeyIdentity => ({
  product: 'payouts',
  baseUrl: 'https://api.enkash.in',
  clientId: 'client',
  username,
});

describe('the account registry keeps memory bounded', () => {
  it('drops accounts that hold nothing once many are remembered, without a timer', () => {
    const registry = createAccountRegistry({ sweepAbove: 10 });
    for (let index = 0; index < 10_000; index += 1) {
      registry.accountFor(identity(`user-${index}@example.com`));
      expect(registry.size).toBeLessThanOrEqual(10);
    }
  });

  it('keeps an account with a live token, a request under way or a counted failure', () => {
    let now = 1_000;
    const registry = createAccountRegistry({ sweepAbove: 4, clock: { now: () => now } });
    const withToken = registry.accountFor(identity('token@example.com'));
    withToken.hold({
      token: { accessToken: 'a', tokenType: 'bearer', expiresAt: 5_000 },
      binding: 'b'.repeat(43),
      issuedAt: 0,
      staleAt: 5_000,
      refreshAt: 4_000,
    });
    const counted = registry.accountFor(identity('counted@example.com'));
    counted.ledger.refused.set('refused-attempt', false);
    const busy = registry.accountFor(identity('busy@example.com'));
    busy.flight = {
      credentials: {} as Credentials,
      binding: 'b'.repeat(43),
      promise: new Promise(() => undefined),
    };
    for (let index = 0; index < 100; index += 1) {
      registry.accountFor(identity(`idle-${index}@example.com`));
    }
    expect(registry.accountFor(identity('token@example.com'))).toBe(withToken);
    expect(registry.accountFor(identity('counted@example.com'))).toBe(counted);
    expect(registry.accountFor(identity('busy@example.com'))).toBe(busy);
    expect(registry.size).toBeLessThanOrEqual(8);
    // Once the token expires the account holds nothing worth keeping.
    now = 6_000;
    for (let index = 0; index < 100; index += 1) {
      registry.accountFor(identity(`later-${index}@example.com`));
    }
    expect(withToken.retired).toBe(true);
    expect(counted.retired).toBe(false);
    expect(registry.accountFor(identity('token@example.com'))).not.toBe(withToken);
  });

  it('an auth whose account was dropped finds the one that replaced it', async () => {
    const registry = createAccountRegistry();
    const [first, second] = constructIn(registry, () => [
      sandboxAuth(sandbox(), camelDefinition),
      sandboxAuth(sandbox(), camelDefinition),
    ]);
    const token = await first?.getToken();
    registry.forget();
    // Both auths meet again on a new account: one request between them.
    const [again, other] = await Promise.all([first?.getToken(), second?.getToken()]);
    expect(again?.accessToken).not.toBe(token?.accessToken);
    expect(other?.accessToken).toBe(again?.accessToken);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });
});
