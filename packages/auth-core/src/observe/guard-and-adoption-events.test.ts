import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import {
  inAnotherProcess,
  recordAllEvents,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';
import { createMemoryStore } from '../store/memory-store.js';
import { deriveStoreKey } from '../store/store-key.js';
import type { TokenStore } from '../store/token-store.js';

const sandbox = useSandbox();

const DAY = 24 * 3_600_000;
// Long enough that no waiter gives up on the holder while the test runs, however slow the machine.
const HELD_FOR_MS = 3_600_000;

const guardMessage = (failures: number) =>
  `The lockout guard refused a payouts token request without contacting EnKash: the last ${failures} attempts were rejected, and EnKash locks the account after 3. Fix the credentials, then call resetLockout().`;

const storeKinds: Array<[string, () => TokenStore | undefined]> = [
  ['no store', () => undefined],
  ['a store of its own', () => createMemoryStore()],
  ['a shared store', () => ({ ...createMemoryStore(), shared: true })],
];

describe('guard-refused', () => {
  it.each(storeKinds)(
    'one per call the tripped guard refuses, with failures and the threshold (%s)',
    async (_label, store) => {
      const auth = sandboxAuth(sandbox(), camelDefinition, {
        password: 'wrong-password-61',
        store: store(),
      });
      const seen = recordAllEvents(auth);
      for (let rejection = 0; rejection < 2; rejection += 1) {
        expect((await failureOf(auth.getToken())).code).toBe('REJECTED');
      }
      for (let refusal = 0; refusal < 3; refusal += 1) {
        const refused = await failureOf(auth.getToken());
        expect(refused.code).toBe('LOCKOUT_GUARD');
        expect(refused.message).toBe(guardMessage(2));
      }
      const refusal = { product: 'payouts', failures: 2, maxConsecutiveFailures: 2 };
      expect(seen.filter(({ event }) => event === 'guard-refused')).toEqual([
        { event: 'guard-refused', payload: refusal },
        { event: 'guard-refused', payload: refusal },
        { event: 'guard-refused', payload: refusal },
      ]);
      // A refused call sends nothing, so it ends no attempt either.
      expect(seen.filter(({ event }) => event === 'token-request')).toHaveLength(2);
      expect(sandbox().counters('payouts').tokenRequests).toBe(2);
    },
  );

  it('callers that wait on one refused token request together share its one guard-refused', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-63' });
    const seen = recordAllEvents(auth);
    for (let rejection = 0; rejection < 2; rejection += 1) await failureOf(auth.getToken());
    // Single flight: concurrent callers ride one token request, which the guard refuses once.
    const refused = await Promise.all([1, 2, 3].map(() => failureOf(auth.getToken())));
    expect(refused.map((error) => [error.code, error.message])).toEqual(
      Array(3).fill(['LOCKOUT_GUARD', guardMessage(2)]),
    );
    expect(seen.filter(({ event }) => event === 'guard-refused')).toHaveLength(1);
  });

  it('states the threshold in force: maxConsecutiveFailures 1', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      password: 'wrong-password-62',
      maxConsecutiveFailures: 1,
    });
    const seen = recordAllEvents(auth);
    expect((await failureOf(auth.getToken())).code).toBe('REJECTED');
    const refused = await failureOf(auth.getToken());
    expect(refused.code).toBe('LOCKOUT_GUARD');
    expect(refused.message).toBe(
      'The lockout guard refused a payouts token request without contacting EnKash: the last 1 attempt was rejected, and EnKash locks the account after 3. Fix the credentials, then call resetLockout().',
    );
    expect(seen.filter(({ event }) => event === 'lockout' || event === 'guard-refused')).toEqual([
      { event: 'lockout', payload: { product: 'payouts', failures: 1, maxConsecutiveFailures: 1 } },
      {
        event: 'guard-refused',
        payload: { product: 'payouts', failures: 1, maxConsecutiveFailures: 1 },
      },
    ]);
  });
});

describe('token-adopted', () => {
  it.each([
    ['a shared store', () => ({ ...createMemoryStore(), shared: true })],
    ['a store that is not shared (a persistent one)', () => createMemoryStore()],
  ])(
    'source store: another process finds the token stored and requests none (%s)',
    async (_label, createStore) => {
      const store = createStore();
      const token = await sandboxAuth(sandbox(), camelDefinition, { store }).getToken();
      const later = inAnotherProcess(() => sandboxAuth(sandbox(), camelDefinition, { store }));
      const seen = recordAllEvents(later);
      expect((await later.getToken()).accessToken).toBe(token.accessToken);
      expect(seen).toEqual([
        {
          event: 'token-adopted',
          payload: { product: 'payouts', source: 'store', expiresAt: token.expiresAt },
        },
      ]);
      expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    },
  );

  it('source fleet: a process that waited on the fleet lock takes the token its holder stored', async () => {
    const shared = { ...createMemoryStore(), shared: true };
    const key = await deriveStoreKey({
      product: 'payouts',
      baseUrl: sandbox().baseUrl('payouts'),
      clientId: sandbox().users.payouts.clientId,
      username: sandbox().users.payouts.username,
    });
    // The holder took the fleet lock before the waiter came.
    expect(await shared.acquireLock(`${key}:lock`, 'holder-process', HELD_FOR_MS)).toBe(true);
    let waiting: () => void = () => undefined;
    const waiterIsWaiting = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const waiterView: TokenStore = {
      ...shared,
      waitFor: (waitedKey, timeoutMs, signal) => {
        waiting();
        return shared.waitFor?.(waitedKey, timeoutMs, signal) ?? Promise.resolve(undefined);
      },
    };
    // The holder's view: the lock is its own, so it goes straight to EnKash.
    const holderView: TokenStore = {
      ...shared,
      acquireLock: async () => true,
      releaseLock: async () => shared.releaseLock(`${key}:lock`, 'holder-process'),
    };
    const waiter = inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, { store: waiterView }),
    );
    const holder = inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, { store: holderView }),
    );
    const seenByWaiter = recordAllEvents(waiter);
    const seenByHolder = recordAllEvents(holder);
    const waited = waiter.getToken();
    await waiterIsWaiting;
    const token = await holder.getToken();
    expect((await waited).accessToken).toBe(token.accessToken);
    expect(seenByWaiter).toEqual([
      {
        event: 'token-adopted',
        payload: { product: 'payouts', source: 'fleet', expiresAt: token.expiresAt },
      },
    ]);
    expect(seenByHolder.map(({ event }) => event)).toEqual(['token-request', 'token']);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });
});

describe('lifetime-clamped', () => {
  it('names the lifetime EnKash gave and the one used', async () => {
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 200,
      // Milliseconds sent as seconds: 41 days.
      body: { accessToken: 'long-lived-61', expiresIn: 3_600_000 },
    });
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const seen = recordAllEvents(auth);
    await auth.getToken();
    expect(seen.filter(({ event }) => event === 'lifetime-clamped')).toEqual([
      {
        event: 'lifetime-clamped',
        payload: { product: 'payouts', lifetimeMs: 3_600_000_000, usedMs: DAY },
      },
    ]);
  });
});
