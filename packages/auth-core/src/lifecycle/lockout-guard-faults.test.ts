import { afterEach, describe, expect, it } from 'vitest';
import { addStoredRefusal } from '../../test-support/attempt-count.js';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { createFaultyStore, type FaultyStore } from '../../test-support/faulty-store.js';
import {
  createLeapingClock,
  inAnotherProcess,
  recordEvents,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';
import type { EnkashAuth } from '../enkash-auth.js';
import { deriveStoreKey } from '../store/store-key.js';

const sandbox = useSandbox();
let stores: FaultyStore[] = [];

afterEach(async () => {
  // Stalled operations still land after a case: let them, before the next one starts.
  await Promise.all(stores.map((store) => store.settled()));
  stores = [];
});

function faultyStore(): FaultyStore {
  const store = createFaultyStore();
  stores.push(store);
  return store;
}

/** One process of a fleet on `store`, as a fresh process would be. */
function processOn(store: FaultyStore, overrides: Record<string, unknown> = {}): EnkashAuth {
  return inAnotherProcess(() =>
    sandboxAuth(sandbox(), camelDefinition, { store, retries: 0, ...overrides }),
  );
}

async function accountKey(): Promise<string> {
  const user = sandbox().users.payouts;
  return deriveStoreKey({
    product: 'payouts',
    baseUrl: sandbox().baseUrl('payouts'),
    clientId: user.clientId,
    username: user.username,
  });
}

const WRONG = { password: 'wrong-password-71' };

function attemptsAtEnKash(): number {
  return sandbox().counters('payouts').tokenRequests;
}

function locked(): boolean {
  return sandbox().isLocked('payouts', sandbox().users.payouts.username);
}

describe('a count the store lost is written back', () => {
  it('after a flush, the tripped guard still refuses, and so does every other process', async () => {
    const store = faultyStore();
    const first = processOn(store, WRONG);
    expect((await failureOf(first.getToken())).code).toBe('REJECTED');
    expect((await failureOf(first.getToken())).code).toBe('REJECTED');
    store.flush();
    expect((await failureOf(first.getToken())).code).toBe('LOCKOUT_GUARD');
    const second = processOn(store, WRONG);
    expect((await failureOf(second.getToken())).code).toBe('LOCKOUT_GUARD');
    expect(attemptsAtEnKash()).toBe(2);
    expect(locked()).toBe(false);
  });

  it('refusals made while the store was down count once it is back', async () => {
    const store = faultyStore();
    const first = processOn(store, WRONG);
    store.down = true;
    expect((await failureOf(first.getToken())).code).toBe('REJECTED');
    store.down = false;
    expect((await failureOf(first.getToken())).code).toBe('REJECTED');
    const second = processOn(store, WRONG);
    expect((await failureOf(second.getToken())).code).toBe('LOCKOUT_GUARD');
    expect(attemptsAtEnKash()).toBe(2);
    expect(locked()).toBe(false);
  });
});

describe('a corrupt count is replaced by the process own, and reported', () => {
  it.each([
    ['-5', '-5'],
    ['abc', 'abc'],
    ['1.5', '1.5'],
    [
      'a record with a negative count',
      JSON.stringify({ v: 1, epoch: -1, refused: [], pending: [], writes: -5 }),
    ],
    [
      'a record with a fractional count',
      JSON.stringify({ v: 1, epoch: 0.5, refused: [], pending: [], writes: 1.5 }),
    ],
  ])(
    'with %s in the store, a wrong password reaches EnKash at most twice',
    async (_label, value) => {
      const store = faultyStore();
      const key = await accountKey();
      // Both the counter of earlier versions and the attempt record.
      await store.inner.set(`${key}:failures`, value, 60_000);
      await store.inner.set(`${key}:attempts`, value, 60_000);
      const fleet = [processOn(store, WRONG), processOn(store, WRONG), processOn(store, WRONG)];
      const events = recordEvents(fleet[0] as EnkashAuth);
      for (let round = 0; round < 3; round += 1) {
        for (const auth of fleet) await auth.getToken().catch(() => undefined);
      }
      expect(attemptsAtEnKash()).toBeLessThanOrEqual(2);
      expect(locked()).toBe(false);
      expect(
        events.filter(
          (entry) =>
            entry.event === 'store-error' &&
            (entry.payload as { code?: string }).code === 'INVALID_VALUE',
        ).length,
      ).toBeGreaterThan(0);
    },
  );
});

describe('a store operation that timed out never adds a failure later', () => {
  it('forced refreshes through a 2.5 s stall leave a right password welcome, and the lock free', async () => {
    const store = faultyStore();
    const clock = createLeapingClock();
    const auth = processOn(store, { clock, timeoutMs: 2_000 });
    await auth.getToken();
    store.stall = { rejectAfterMs: 100, applyAfterMs: 2_500 };
    for (let refresh = 0; refresh < 4; refresh += 1) {
      clock.leap(1_000);
      await expect(auth.getToken({ forceRefresh: true })).resolves.toMatchObject({
        tokenType: 'bearer',
      });
    }
    store.stall = undefined;
    await store.settled();
    const fresh = processOn(store);
    await expect(fresh.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(fresh.status()).toMatchObject({ consecutiveFailures: 0, guardTripped: false });
    // The lock taken by an acquire that had timed out was let go.
    expect(await store.inner.acquireLock(`${await accountKey()}:lock`, 'someone', 1_000)).toBe(
      true,
    );
  });
});

describe('while the shared store is down', () => {
  it('two processes with a wrong password send one attempt each, and then nothing', async () => {
    const store = faultyStore();
    store.down = true;
    const fleet = [processOn(store, WRONG), processOn(store, WRONG)];
    const codes: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const auth of fleet) codes.push((await failureOf(auth.getToken())).code);
    }
    expect(codes).toEqual([
      'REJECTED',
      'REJECTED',
      'STORE_UNAVAILABLE',
      'STORE_UNAVAILABLE',
      'STORE_UNAVAILABLE',
      'STORE_UNAVAILABLE',
    ]);
    expect(attemptsAtEnKash()).toBe(2);
    expect(locked()).toBe(false);
  });

  it('a right password still gets a token with storeOutage "proceed" (the default)', async () => {
    const store = faultyStore();
    store.down = true;
    await expect(processOn(store).getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('storeOutage "refuse" sends nothing, yet a valid cached token is still served', async () => {
    const store = faultyStore();
    const auth = processOn(store, { storeOutage: 'refuse' });
    const token = await auth.getToken();
    store.down = true;
    expect(await auth.getToken()).toBe(token);
    const other = processOn(store, { storeOutage: 'refuse' });
    const error = await failureOf(other.getToken());
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toBe(
      `The lockout guard refused a payouts token request without contacting EnKash: the shared store cannot tell the fleet's count of failed attempts, and storeOutage is "refuse". A valid cached token is still served; the next call tries again once the store answers.`,
    );
    expect(attemptsAtEnKash()).toBe(1);
  });
});

describe('refusals of other processes count', () => {
  it('a refusal recorded by another process brings this one to the threshold', async () => {
    const store = faultyStore();
    const auth = processOn(store, WRONG);
    expect((await failureOf(auth.getToken())).code).toBe('REJECTED');
    await addStoredRefusal(store.inner, await accountKey());
    expect((await failureOf(auth.getToken())).code).toBe('LOCKOUT_GUARD');
    expect(attemptsAtEnKash()).toBe(1);
  });
});
