import { describe, expect, it } from 'vitest';
import { addStoredRefusal, storedRefusals } from '../../test-support/attempt-count.js';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import {
  createManualClock,
  inAnotherProcess,
  type ManualClock,
  recordEvents,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import { createMemoryStore } from '../store/memory-store.js';
import { deriveStoreKey } from '../store/store-key.js';
import type { TokenStore } from '../store/token-store.js';

const sandbox = useSandbox();

/** A memory store that claims to be shared: each auth on it plays one process of a fleet. */
function sharedStore(options: { waitFor?: boolean } = {}): TokenStore {
  const memory = createMemoryStore();
  if (options.waitFor === false) {
    const { waitFor: _polling, ...rest } = memory;
    return { ...rest, shared: true };
  }
  return { ...memory, shared: true };
}

/** Records every key a store is asked about. */
function recordingStore(inner: TokenStore, keys: string[]): TokenStore {
  const record =
    <T extends unknown[], R>(method: (key: string, ...rest: T) => R) =>
    (key: string, ...rest: T): R => {
      keys.push(key);
      return method(key, ...rest);
    };
  return {
    get: record(inner.get),
    set: record(inner.set),
    delete: record(inner.delete),
    acquireLock: record(inner.acquireLock),
    releaseLock: record(inner.releaseLock),
    compareAndSet: record(inner.compareAndSet),
    shared: true,
  };
}

/** A shared store that records the TTL of every lock the core asks it for. */
function lockTtlRecordingStore(ttls: number[]): TokenStore {
  const inner = sharedStore();
  return {
    ...inner,
    acquireLock: (key, owner, ttlMs) => {
      ttls.push(ttlMs);
      return inner.acquireLock(key, owner, ttlMs);
    },
  };
}

/**
 * A shared store whose lock another process holds and never gives up (a store
 * that does not expire locks, or a holder that keeps renewing it). Each wait
 * for the token answers at once with nothing and moves the clock on.
 */
async function stuckLockStore(clock: ManualClock, stepMs: number) {
  const memory = sharedStore();
  const key = await storeKey();
  expect(await memory.acquireLock(`${key}:lock`, 'stuck-process', 3_600_000)).toBe(true);
  const waits: number[] = [];
  const store: TokenStore = {
    ...memory,
    waitFor: async (waitedKey) => {
      waits.push(clock.now());
      clock.advance(stepMs);
      return memory.get(waitedKey);
    },
  };
  return { memory, store, key, waits };
}

/** The error a construction throws. */
function constructionError(construct: () => unknown): EnkashAuthError {
  try {
    construct();
  } catch (error) {
    expect(EnkashAuthError.isInstance(error)).toBe(true);
    return error as EnkashAuthError;
  }
  throw new Error('expected the construction to throw');
}

/** Every method rejects, as a store whose server is down. */
function brokenStore(shared: boolean): TokenStore {
  const fail = async (): Promise<never> => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  };
  return {
    get: fail,
    set: fail,
    delete: fail,
    acquireLock: fail,
    releaseLock: fail,
    compareAndSet: fail,
    waitFor: fail,
    shared,
  };
}

async function storeKey(): Promise<string> {
  return deriveStoreKey({
    product: 'payouts',
    baseUrl: sandbox().baseUrl('payouts'),
    clientId: sandbox().users.payouts.clientId,
    username: sandbox().users.payouts.username,
  });
}

describe('shared store: one request for a fleet', () => {
  it.each([
    ['waitFor', true],
    ['polling', false],
  ])('many processes and callers share one token request (%s)', async (_label, waitFor) => {
    const store = sharedStore({ waitFor });
    const fleet = Array.from({ length: 5 }, () =>
      inAnotherProcess(() => sandboxAuth(sandbox(), camelDefinition, { store })),
    );
    sandbox().enqueueFault('payouts', { type: 'delay', ms: 60 });
    const tokens = await Promise.all(
      fleet.flatMap((auth) => Array.from({ length: 10 }, () => auth.getToken())),
    );
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('a process started later reads the token from the store', async () => {
    const store = sharedStore();
    const first = await sandboxAuth(sandbox(), camelDefinition, { store }).getToken();
    const later = await inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, { store }),
    ).getToken();
    expect(later).toEqual(first);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('also shares tokens through a store that is not shared (a persistent one)', async () => {
    const store = createMemoryStore();
    const first = await sandboxAuth(sandbox(), camelDefinition, { store }).getToken();
    const later = await inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, { store }),
    ).getToken();
    expect(later.accessToken).toBe(first.accessToken);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('takes over when a crashed holder’s lock expires', async () => {
    const store = sharedStore();
    const key = await storeKey();
    expect(await store.acquireLock(`${key}:lock`, 'crashed-process', 150)).toBe(true);
    const token = await sandboxAuth(sandbox(), camelDefinition, { store }).getToken();
    expect(token.tokenType).toBe('bearer');
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    // The lock is released after the request.
    expect(await store.acquireLock(`${key}:lock`, 'someone', 1_000)).toBe(true);
  });

  it('shares a rejection with the processes that waited for it: one attempt for the storm', async () => {
    const store = sharedStore();
    const fleet = Array.from({ length: 4 }, () =>
      inAnotherProcess(() =>
        sandboxAuth(sandbox(), camelDefinition, { store, password: 'wrong-password-15' }),
      ),
    );
    sandbox().enqueueFault('payouts', { type: 'delay', ms: 60 });
    const results = await Promise.allSettled(fleet.map((auth) => auth.getToken()));
    expect(results.map((result) => result.status)).toEqual(Array(4).fill('rejected'));
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'REJECTED',
        status: 401,
      });
    }
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    expect(await storedRefusals(store, await storeKey())).toBe(1);
    // resetLockout clears the shared rejection too.
    await fleet[0]?.resetLockout();
    expect(await store.get(`${await storeKey()}:rejection`)).toBeUndefined();
  });

  it('in the background adopts a token another process already refreshed', async () => {
    const clock = createManualClock(Date.now());
    const store = sharedStore();
    const one = sandboxAuth(sandbox(), camelDefinition, { store, clock });
    const two = inAnotherProcess(() => sandboxAuth(sandbox(), camelDefinition, { store, clock }));
    const original = await one.getToken();
    await two.getToken();
    clock.advance(250_000);
    const refreshed = await one.getToken({ forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(original.accessToken);
    const twoEvents = recordEvents(two);
    expect((await two.getToken()).accessToken).toBe(original.accessToken);
    // two's background refresh found one's token in the store: no request, no token event.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await two.getToken()).accessToken).toBe(refreshed.accessToken);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
    expect(twoEvents).toEqual([]);
  });

  it('in the background waits out another holder while the old token is still stored', async () => {
    const clock = createManualClock(Date.now());
    const store = sharedStore();
    const auth = sandboxAuth(sandbox(), camelDefinition, { store, clock });
    const original = await auth.getToken();
    const key = await storeKey();
    // Another process holds the lock (and then dies); waitFor keeps answering with the old token.
    expect(await store.acquireLock(`${key}:lock`, 'dying-process', 120)).toBe(true);
    clock.advance(250_000);
    const events = recordEvents(auth);
    expect(await auth.getToken()).toBe(original);
    await new Promise<void>((resolve) => auth.on('token', () => resolve()));
    expect(events.map((entry) => entry.event)).toEqual(['token']);
    expect((await auth.getToken()).accessToken).not.toBe(original.accessToken);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('invalidate() removes the token from the store', async () => {
    const store = sharedStore();
    const auth = sandboxAuth(sandbox(), camelDefinition, { store });
    await auth.getToken();
    const key = await storeKey();
    expect(await store.get(`${key}:token`)).toBeDefined();
    await auth.invalidate();
    expect(await store.get(`${key}:token`)).toBeUndefined();
  });
});

describe('lockTtlMs: how long a crashed holder can stall the fleet', () => {
  it('defaults to every attempt and backoff of one request, capped at 30 s', async () => {
    const ttls: number[] = [];
    // Defaults: 10 s x 3 attempts + 30 s x 2 backoffs + 1 s = 91 s, capped.
    await sandboxAuth(sandbox(), camelDefinition, {
      store: lockTtlRecordingStore(ttls),
    }).getToken();
    // Below the cap the derived value stands: 2 s x 1 attempt + 1 s.
    await inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, {
        store: lockTtlRecordingStore(ttls),
        timeoutMs: 2_000,
        retries: 0,
      }),
    ).getToken();
    expect(ttls).toEqual([30_000, 3_000]);
  });

  it('honours lockTtlMs, whatever the derived value would be', async () => {
    const ttls: number[] = [];
    for (const lockTtlMs of [100, 5_000, 120_000]) {
      await inAnotherProcess(() =>
        sandboxAuth(sandbox(), camelDefinition, { store: lockTtlRecordingStore(ttls), lockTtlMs }),
      ).getToken();
    }
    expect(ttls).toEqual([100, 5_000, 120_000]);
    expect(sandbox().counters('payouts').tokenRequests).toBe(3);
  });

  it.each([
    [99, '99'],
    [0, '0'],
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [2_147_483_648, '2147483648'],
    ['30000', 'string'],
    [null, 'null'],
  ])('refuses lockTtlMs = %s with CONFIG', (value, got) => {
    const error = constructionError(() =>
      sandboxAuth(sandbox(), camelDefinition, { store: sharedStore(), lockTtlMs: value as number }),
    );
    expect(error.code).toBe('CONFIG');
    expect(error.product).toBe('payouts');
    expect(error.message).toBe(
      `payouts: option "lockTtlMs" must be an integer from 100 to 2147483647; got ${got}.`,
    );
  });

  it('a waiter whose holder never finishes requests its own token after lockTtlMs + timeoutMs', async () => {
    const clock = createManualClock(Date.now());
    const { memory, store, key, waits } = await stuckLockStore(clock, 800);
    const startedAt = clock.now();
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      store,
      clock,
      lockTtlMs: 1_000,
      timeoutMs: 2_000,
    });
    const token = await auth.getToken();
    expect(token.tokenType).toBe('bearer');
    // It kept waiting until lockTtlMs + timeoutMs (3 s) had passed: four waits of 800 ms.
    expect(waits.map((at) => at - startedAt)).toEqual([0, 800, 1_600, 2_400]);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    // In process: the stuck lock was left alone, and the token still went to the store.
    expect(await memory.acquireLock(`${key}:lock`, 'someone', 1_000)).toBe(false);
    expect(await memory.get(`${key}:token`)).toContain(token.accessToken);
  });

  it('a waiter that goes in process still passes the lockout guard and counts its rejection', async () => {
    const clock = createManualClock(Date.now());
    const { memory, store, key } = await stuckLockStore(clock, 800);
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      store,
      clock,
      lockTtlMs: 1_000,
      timeoutMs: 2_000,
      password: 'wrong-password-18',
    });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'REJECTED', status: 401 });
    expect(await storedRefusals(memory, key)).toBe(1);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    // Another process's rejection brings the fleet's count to the threshold.
    await memory.delete(`${key}:rejection`);
    await addStoredRefusal(memory, key);
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });
});

describe('store keys are hashed', () => {
  it('never shows the store a username, client id or base URL', async () => {
    const keys: string[] = [];
    const store = recordingStore(sharedStore(), keys);
    const wrong = sandboxAuth(sandbox(), camelDefinition, { store, password: 'wrong-password-16' });
    await wrong.getToken().catch(() => undefined);
    const auth = sandboxAuth(sandbox(), camelDefinition, { store });
    await auth.getToken();
    await auth.invalidate();
    await auth.resetLockout();
    const user = sandbox().users.payouts;
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      expect(key).toMatch(/^enkash:payouts:[0-9a-f]{64}:(token|lock|attempts|rejection)$/);
      for (const plain of [user.username, user.clientId, sandbox().url, 'example.com']) {
        expect(key).not.toContain(plain);
      }
    }
  });
});

describe('store faults', () => {
  it.each([
    ['a shared store', true],
    ['a private store', false],
  ])('fall back to the in-process path with %s and emit store-error', async (_label, shared) => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { store: brokenStore(shared) });
    const events = recordEvents(auth);
    const tokens = await Promise.all([auth.getToken(), auth.getToken()]);
    expect(tokens[0]).toBe(tokens[1]);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    const operations = events
      .filter((entry) => entry.event === 'store-error')
      .map((entry) => (entry.payload as { operation: string }).operation);
    // Token read, (shared: lock, and its release in case the acquire lands late), the guard's
    // reservation read, its success read, the token write.
    expect(operations).toEqual(
      shared
        ? ['get', 'acquireLock', 'releaseLock', 'get', 'get', 'set']
        : ['get', 'get', 'get', 'set'],
    );
    expect(events.find((entry) => entry.event === 'store-error')?.payload).toEqual({
      product: 'payouts',
      operation: 'get',
      errorName: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:6379',
    });
    await auth.invalidate();
    if (shared) {
      // The fleet's count cannot be cleared while the store is down: said, not pretended.
      await expect(auth.resetLockout()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    } else {
      await auth.resetLockout();
    }
    const after = ['delete', 'get'];
    expect(
      events
        .slice(-after.length)
        .map((entry) => (entry.payload as { operation: string }).operation),
    ).toEqual(after);
  });

  it("passes the store error's stable code on in store-error", async () => {
    const timeout = Object.assign(new Error('Redis get timed out after 500 ms.'), {
      name: 'RedisStoreError',
      code: 'REDIS_TIMEOUT',
    });
    const store: TokenStore = {
      ...sharedStore(),
      get: async () => {
        throw timeout;
      },
    };
    const auth = sandboxAuth(sandbox(), camelDefinition, { store });
    const events = recordEvents(auth);
    await auth.getToken();
    expect(events.find((entry) => entry.event === 'store-error')?.payload).toEqual({
      product: 'payouts',
      operation: 'get',
      errorName: 'RedisStoreError',
      code: 'REDIS_TIMEOUT',
      message: 'Redis get timed out after 500 ms.',
    });
  });

  it('sends nothing more after a refusal while the shared store is down', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      store: brokenStore(true),
      password: 'wrong-password-17',
    });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    // Another process may have been refused too: a second attempt could be EnKash's third.
    const next = await failureOf(auth.getToken());
    expect(next.code).toBe('STORE_UNAVAILABLE');
    expect(next.message).toBe(
      "The lockout guard refused a payouts token request without contacting EnKash: the shared store cannot tell the fleet's count of failed attempts, and this process has seen a refusal that another process's attempt could turn into EnKash's third. A valid cached token is still served; the next call tries again once the store answers.",
    );
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    await expect(auth.resetLockout()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('ignores a stored value that is not a token', async () => {
    const store = sharedStore();
    const key = await storeKey();
    await store.set(`${key}:token`, 'not json', 60_000);
    const auth = sandboxAuth(sandbox(), camelDefinition, { store });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    await store.set(`${key}:token`, JSON.stringify({ accessToken: 1 }), 60_000);
    await auth.invalidate();
    await store.set(`${key}:token`, JSON.stringify({ accessToken: 1 }), 60_000);
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    await store.set(`${key}:rejection`, 'garbage', 60_000);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });
});
