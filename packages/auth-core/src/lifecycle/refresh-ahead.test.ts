import { afterEach, describe, expect, it } from 'vitest';
import { camelDefinition, strictOAuthDefinition } from '../../test-support/definitions.js';
import {
  createManualClock,
  nextEvent,
  recordEvents,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';
import type { EnkashAuth } from '../enkash-auth.js';

// The sandbox and every auth read the same hand-moved clock: no sleeping.
const clock = createManualClock();
const sandbox = useSandbox({
  now: clock.now,
  products: { payouts: { tokenLifetimeSeconds: 300 }, rewards: { tokenLifetimeSeconds: 86_399 } },
});

afterEach(() => {
  clock.set(Date.UTC(2026, 0, 1));
});

function auth(overrides: Record<string, unknown> = {}): EnkashAuth {
  return sandboxAuth(sandbox(), camelDefinition, {
    clock,
    refreshWindowMs: 60_000,
    retries: 0,
    maxRetryDelayMs: 8_000,
    ...overrides,
  });
}

describe('refresh ahead', () => {
  it('does not refresh before the window', async () => {
    const client = auth();
    const first = await client.getToken();
    clock.advance(239_999);
    expect(await client.getToken()).toBe(first);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('inside the window serves the cached token at once and refreshes once in the background', async () => {
    const client = auth();
    const first = await client.getToken();
    clock.advance(240_000);
    const refreshed = nextEvent(client, 'token');
    const during = await Promise.all(Array.from({ length: 50 }, () => client.getToken()));
    expect(during.every((token) => token === first)).toBe(true);
    await refreshed;
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
    const after = await client.getToken();
    expect(after.accessToken).not.toBe(first.accessToken);
    expect(after.expiresAt).toBe(clock.now() + 300_000);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('caps the window at half the token lifetime', async () => {
    // A 600 s window on a 300 s token would refresh at once; the cap makes it 150 s.
    const client = auth({ refreshWindowMs: 600_000 });
    const first = await client.getToken();
    clock.advance(149_999);
    expect(await client.getToken()).toBe(first);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    clock.advance(1);
    const refreshed = nextEvent(client, 'token');
    expect(await client.getToken()).toBe(first);
    await refreshed;
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('applies a window of zero as "refresh at expiry"', async () => {
    const client = auth({ refreshWindowMs: 0 });
    const first = await client.getToken();
    clock.advance(299_999);
    expect(await client.getToken()).toBe(first);
    clock.advance(1);
    const second = await client.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('keeps serving the valid token while refresh fails, emits refresh-error, retries with backoff', async () => {
    const client = auth();
    const events = recordEvents(client);
    const first = await client.getToken();
    clock.advance(250_000);
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    const failed = nextEvent(client, 'refresh-error');
    expect(await client.getToken()).toBe(first);
    const payload = (await failed) as Record<string, unknown>;
    expect(payload).toMatchObject({
      product: 'payouts',
      code: 'HTTP',
      status: 503,
      attempt: 1,
      expiresAt: first.expiresAt,
    });
    expect(payload.message).toBe(
      'EnKash payouts answered the token request with HTTP 503. Try again later.',
    );
    // The first backoff is between 0.5 and 1 s: nothing new before it passes.
    expect(payload.nextRefreshAt).toBeGreaterThanOrEqual(clock.now() + 500);
    expect(payload.nextRefreshAt).toBeLessThanOrEqual(clock.now() + 1_000);
    expect(await client.getToken()).toBe(first);
    await Promise.resolve();
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);

    // A second failure doubles the backoff.
    clock.advance(1_000);
    sandbox().enqueueFault('payouts', { type: 'status', status: 500 });
    const failedAgain = nextEvent(client, 'refresh-error');
    expect(await client.getToken()).toBe(first);
    const second = (await failedAgain) as { attempt: number; nextRefreshAt: number };
    expect(second.attempt).toBe(2);
    expect(second.nextRefreshAt).toBeGreaterThanOrEqual(clock.now() + 1_000);
    expect(second.nextRefreshAt).toBeLessThanOrEqual(clock.now() + 2_000);

    // Once the backoff passes, a refresh succeeds and replaces the token.
    clock.advance(2_000);
    const refreshed = nextEvent(client, 'token');
    expect(await client.getToken()).toBe(first);
    await refreshed;
    const fresh = await client.getToken();
    expect(fresh.accessToken).not.toBe(first.accessToken);
    expect(sandbox().counters('payouts').tokenRequests).toBe(4);
    expect(events.map((entry) => entry.event)).toEqual([
      'token',
      'refresh-error',
      'refresh-error',
      'token',
    ]);
  });

  it('never backs off past the cap', async () => {
    const client = auth({ maxRetryDelayMs: 1_000 });
    await client.getToken();
    clock.advance(250_000);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
      const failed = nextEvent(client, 'refresh-error');
      await client.getToken();
      const payload = (await failed) as { nextRefreshAt: number };
      expect(payload.nextRefreshAt).toBeLessThanOrEqual(clock.now() + 1_000);
      clock.advance(1_000);
    }
  });

  it('after expiry makes callers wait for a fresh request, and passes its error on', async () => {
    const client = auth();
    const first = await client.getToken();
    clock.advance(250_000);
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    const failed = nextEvent(client, 'refresh-error');
    await client.getToken();
    await failed;
    clock.advance(50_000); // expired now
    sandbox().enqueueFault('payouts', { type: 'status', status: 502 });
    await expect(client.getToken()).rejects.toMatchObject({ code: 'HTTP', status: 502 });
    const fresh = await client.getToken();
    expect(fresh.accessToken).not.toBe(first.accessToken);
    expect(fresh.expiresAt).toBe(clock.now() + 300_000);
  });

  it('serves the valid token when the background refresh is rejected, until expiry', async () => {
    const client = auth();
    const first = await client.getToken();
    sandbox().revokeAll('payouts');
    // The password changed on EnKash's side: simulate by locking the user.
    sandbox().lock('payouts', sandbox().users.payouts.username);
    clock.advance(250_000);
    const failed = nextEvent(client, 'refresh-error');
    expect(await client.getToken()).toBe(first);
    expect(await failed).toMatchObject({ code: 'REJECTED', status: 401 });
  });

  it('produces no unhandled rejection when nobody awaits a failing background refresh', async () => {
    const client = auth();
    await client.getToken();
    clock.advance(250_000);
    sandbox().enqueueFault('payouts', { type: 'reset' });
    const failed = nextEvent(client, 'refresh-error');
    void client.getToken();
    expect(await failed).toMatchObject({ code: 'NETWORK' });
    // vitest fails the run on any unhandled rejection; give one a chance to surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it('retries inside one background refresh before reporting it', async () => {
    const client = auth({ retries: 1 });
    const first = await client.getToken();
    clock.advance(250_000);
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    const refreshed = nextEvent(client, 'token');
    expect(await client.getToken()).toBe(first);
    await refreshed;
    expect((await client.getToken()).accessToken).not.toBe(first.accessToken);
    expect(sandbox().counters('payouts').tokenRequests).toBe(3);
  });

  it('trusts a product lifetime no longer than its cap', async () => {
    const client = sandboxAuth(sandbox(), strictOAuthDefinition, { clock });
    const token = await client.getToken();
    // rewards' sample says 86 399 s; the definition caps it at 5 minutes.
    expect(token.expiresAt).toBe(clock.now() + 5 * 60_000);
    expect(token.scope).toBe('read write trust');
  });
});
