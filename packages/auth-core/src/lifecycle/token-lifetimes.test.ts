import { afterEach, describe, expect, it } from 'vitest';
import {
  camelDefinition,
  resultCodeDefinition,
  strictOAuthDefinition,
} from '../../test-support/definitions.js';
import { hostileAuth, useHostileServer } from '../../test-support/hostile-auth.js';
import { answer } from '../../test-support/hostile-server.js';
import {
  inAnotherProcess,
  recordEvents,
  sandboxAuth,
  sandboxOptions,
  useSandbox,
} from '../../test-support/sandbox.js';
import { bindingOf } from '../credentials/credential-binding.js';
import { createMemoryStore } from '../store/memory-store.js';
import { deriveStoreKey } from '../store/store-key.js';
import type { TokenStore } from '../store/token-store.js';

const sandbox = useSandbox();
const hostile = useHostileServer();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('a stored token is checked like a token from the wire', () => {
  async function storeHolding(
    product: 'payouts' | 'rewards',
    change: Record<string, unknown>,
  ): Promise<TokenStore> {
    const store = createMemoryStore();
    const options = sandboxOptions(sandbox(), product);
    const key = await deriveStoreKey({
      product,
      baseUrl: options.baseUrl,
      clientId: options.clientId,
      username: options.username,
    });
    // Bound to the right credentials: only the token's own fields are wrong.
    const binding = await bindingOf({
      clientId: options.clientId,
      clientSecret: options.clientSecret as string,
      username: options.username,
      password: options.password as string,
      basicAuth: undefined,
      productHeaders: {},
    });
    const now = Date.now();
    const value = {
      accessToken: 'stored-token-81',
      tokenType: 'bearer',
      expiresAt: now + 60_000,
      issuedAt: now,
      binding,
      ...change,
    };
    await store.set(`${key}:token`, JSON.stringify(value), 60_000);
    return store;
  }

  it.each([
    ['a CR/LF in it', { accessToken: 'stored\r\nX-Injected: yes' }],
    ['a space in it', { accessToken: 'stored token' }],
    ['an empty token', { accessToken: '' }],
    ['10 MB of token', { accessToken: 'a'.repeat(10_000_000) }],
    ['an expiry of 1e308', { expiresAt: 1e308 }],
  ])(
    'treats a stored token with %s as a miss, requests a fresh one, and calls the API',
    async (_label, change) => {
      const store = await storeHolding('payouts', change);
      const auth = sandboxAuth(sandbox(), camelDefinition, { store });
      const token = await auth.getToken();
      expect(token.accessToken).not.toBe('stored-token-81');
      expect(token.expiresAt).toBeLessThan(Date.now() + DAY);
      expect(sandbox().counters('payouts').tokenRequests).toBe(1);
      expect((await auth.fetch('api/ping')).status).toBe(200);
    },
  );

  it('does not trust a rewards token for 24 h: the product caps it at 5 minutes', async () => {
    const now = Date.now();
    const store = await storeHolding('rewards', { issuedAt: now, expiresAt: now + DAY });
    const auth = sandboxAuth(sandbox(), strictOAuthDefinition, { store });
    const token = await auth.getToken();
    expect(token.accessToken).not.toBe('stored-token-81');
    expect(sandbox().counters('rewards').tokenRequests).toBe(1);
  });
});

describe('clocks', () => {
  afterEach(() => {
    // Restored by each case too; this catches a case that failed half way.
    Date.now = realNow;
  });
  const realNow = Date.now;

  it("reads expense's absolute expiry against the response Date: a host clock 2 h ahead still gets its token", async () => {
    const clock = { now: () => Date.now() + 2 * HOUR };
    const auth = sandboxAuth(sandbox(), resultCodeDefinition, { clock });
    const token = await auth.getToken();
    // Five minutes by the server's clock, placed on the host's.
    expect(token.expiresAt).toBeGreaterThan(clock.now() + 290_000);
    expect(token.expiresAt).toBeLessThanOrEqual(clock.now() + 300_000);
    expect(await auth.getToken()).toBe(token);
    expect(auth.status()).toMatchObject({ token: 'fresh', consecutiveFailures: 0 });
    expect(sandbox().counters('expense').tokenRequests).toBe(1);
  });

  it('uses for 60 s, and reports, a success whose absolute expiry is past by the host clock with no Date to read it by', async () => {
    const events: unknown[] = [];
    const auth = hostileAuth(hostile(), {}, resultCodeDefinition);
    auth.on('lifetime-clamped', (payload) => events.push(payload));
    const expiry = Date.now() - HOUR;
    hostile().enqueue(
      answer(200, JSON.stringify({ resultCode: 200, token: 'dated-token-82', expiry })),
    );
    const token = await auth.getToken();
    expect(token.accessToken).toBe('dated-token-82');
    expect(token.expiresAt - Date.now()).toBeGreaterThan(55_000);
    expect(token.expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    expect(auth.status().consecutiveFailures).toBe(0);
    expect(events).toEqual([
      { product: 'expense', lifetimeMs: expect.any(Number), usedMs: 60_000 },
    ]);
    expect((events[0] as { lifetimeMs: number }).lifetimeMs).toBeLessThan(-HOUR + 60_000);
  });

  it('does not serve a token that died in real time when the wall clock steps back an hour', async () => {
    sandbox().setTokenLifetime('payouts', 1);
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const first = await auth.getToken();
    try {
      Date.now = () => realNow() - HOUR;
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(auth.status().token).toBe('expired');
      const second = await auth.getToken();
      expect(second.accessToken).not.toBe(first.accessToken);
      expect(sandbox().counters('payouts').tokenRequests).toBe(2);
    } finally {
      Date.now = realNow;
    }
  });

  it('does not refresh when the wall clock steps forward a day', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const first = await auth.getToken();
    try {
      Date.now = () => realNow() + DAY;
      for (let call = 0; call < 10; call += 1) expect(await auth.getToken()).toBe(first);
      expect(auth.status().token).toBe('fresh');
      expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    } finally {
      Date.now = realNow;
    }
  });
});

describe('lifetimes are bounded without serving dead tokens', () => {
  it('makes at most one successful token request a second, however short the tokens live', async () => {
    const bodies = 40;
    for (let index = 0; index < bodies; index += 1) {
      sandbox().enqueueFault('payouts', {
        type: 'status',
        status: 200,
        body: { accessToken: `short-lived-${index}`, expiresIn: 0.001 },
      });
    }
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const until = Date.now() + 2_000;
    let calls = 0;
    while (Date.now() < until) {
      const token = await auth.getToken();
      calls += 1;
      expect(token.accessToken).toMatch(/^short-lived-/);
    }
    const requests = bodies - sandbox().pendingFaults('payouts');
    // One at the start, then one a second: 2 s make 3 at most.
    expect(requests).toBeLessThanOrEqual(3);
    expect(calls).toBeGreaterThan(requests);
  });

  it.each([
    ['1e21 seconds', 1e21],
    ['milliseconds sent as seconds (41 days)', 3_600_000],
  ])('cuts a lifetime of %s to a day, and reports it', async (_label, expiresIn) => {
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 200,
      body: { accessToken: 'long-lived-83', expiresIn },
    });
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const events = recordEvents(auth);
    const before = Date.now();
    const token = await auth.getToken();
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + DAY);
    expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + DAY);
    expect(events.find((entry) => entry.event === 'lifetime-clamped')?.payload).toEqual({
      product: 'payouts',
      lifetimeMs: expiresIn * 1000,
      usedMs: DAY,
    });
  });
});

describe('a capped token is shared', () => {
  it('two processes on a shared store make one request for a rewards token capped at 5 minutes', async () => {
    const store = { ...createMemoryStore(), shared: true };
    const first = sandboxAuth(sandbox(), strictOAuthDefinition, { store });
    const second = inAnotherProcess(() => sandboxAuth(sandbox(), strictOAuthDefinition, { store }));
    const token = await first.getToken();
    expect((await second.getToken()).accessToken).toBe(token.accessToken);
    expect(sandbox().counters('rewards').tokenRequests).toBe(1);
  });
});
