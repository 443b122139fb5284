import { afterEach, describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
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
  products: { payouts: { tokenLifetimeSeconds: 300 } },
});

afterEach(() => {
  clock.set(Date.UTC(2026, 0, 1));
});

/**
 * A vault whose password provider yields `values` in turn, one per call, and
 * then keeps yielding the last one.
 */
function createVault(...values: string[]) {
  const vault = {
    values,
    calls: 0,
    read: async () => {
      const value = vault.values[Math.min(vault.calls, vault.values.length - 1)] ?? '';
      vault.calls += 1;
      return value;
    },
  };
  return vault;
}

function auth(
  password: () => Promise<string>,
  overrides: Record<string, unknown> = {},
): EnkashAuth {
  return sandboxAuth(sandbox(), camelDefinition, {
    clock,
    password,
    refreshWindowMs: 60_000,
    retries: 0,
    ...overrides,
  });
}

/** The outcomes the sandbox logged for the payouts token endpoint, oldest first. */
function outcomes(): string[] {
  return sandbox()
    .requests('payouts')
    .map((entry) => entry.outcome);
}

const ROTATED = 'rotated-password-Qv3!';

describe('a password rotated while the app runs', () => {
  it('the next refresh is refused once, the provider yields the new value, a token follows, the user is never locked', async () => {
    const { username, password } = sandbox().users.payouts;
    const vault = createVault(password);
    const client = auth(vault.read);
    const events = recordEvents(client);
    const first = await client.getToken();

    // EnKash's side changes; the vault still yields the old value once, then the new one.
    sandbox().setPassword('payouts', username, ROTATED);
    vault.values = [password, password, ROTATED];
    clock.advance(240_000);
    const refreshed = nextEvent(client, 'token');
    expect(await client.getToken()).toBe(first);
    await refreshed;

    expect(outcomes()).toEqual(['issued', 'rejected', 'issued']);
    expect(vault.calls).toBe(3);
    const second = await client.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(sandbox().failedAttempts('payouts', username)).toBe(0);
    expect(sandbox().isLocked('payouts', username)).toBe(false);
    expect(client.status()).toMatchObject({ consecutiveFailures: 0, guardTripped: false });
    expect(events.map(({ event }) => event)).toEqual(['token', 'token']);
  });

  it('a caller waiting for the first token gets it after the rotated retry', async () => {
    const { username, password } = sandbox().users.payouts;
    sandbox().setPassword('payouts', username, ROTATED);
    const vault = createVault(password, ROTATED);
    const token = await auth(vault.read).getToken();
    expect(token.tokenType).toBe('bearer');
    expect(outcomes()).toEqual(['rejected', 'issued']);
    expect(sandbox().failedAttempts('payouts', username)).toBe(0);
  });

  it('a refusal that reaches the threshold is followed by nothing, even when the provider has a new value', async () => {
    const { username, password } = sandbox().users.payouts;
    const vault = createVault('stale-password-1');
    const client = auth(vault.read);
    // One refusal with no new value: the count is 1.
    expect((await failureOf(client.getToken())).code).toBe('REJECTED');
    expect(client.status().consecutiveFailures).toBe(1);
    sandbox().setPassword('payouts', username, ROTATED);
    vault.values = [password, ROTATED];
    vault.calls = 0;
    // The old password is refused: the count reaches 2, the threshold, so the new value waits.
    expect((await failureOf(client.getToken())).code).toBe('REJECTED');
    expect(client.status()).toMatchObject({ consecutiveFailures: 2, guardTripped: true });
    expect(vault.calls).toBe(1);
    expect(outcomes()).toEqual(['rejected', 'rejected']);
    expect(sandbox().isLocked('payouts', username)).toBe(false);
    await client.resetLockout();
    await client.getToken();
    expect(client.status()).toMatchObject({ consecutiveFailures: 0, guardTripped: false });
  });

  it('the retry spends an attempt like any other, and its token resets the count', async () => {
    const { username } = sandbox().users.payouts;
    sandbox().setPassword('payouts', username, ROTATED);
    const vault = createVault('stale-password-1', ROTATED);
    const client = auth(vault.read);
    const events = recordEvents(client);
    // Refused (count 1, below 2), asked again, retried with the new value (count 2 reserved), issued.
    const token = await client.getToken();
    expect(token.tokenType).toBe('bearer');
    expect(vault.calls).toBe(2);
    expect(outcomes()).toEqual(['rejected', 'issued']);
    expect(events.map(({ event }) => event)).toEqual(['token']);
    expect(client.status()).toMatchObject({ consecutiveFailures: 0, guardTripped: false });
    expect(sandbox().failedAttempts('payouts', username)).toBe(0);
  });
});

describe('a provider that keeps the old value', () => {
  it('sends nothing more after a refusal, and the guard trips as it does without a provider', async () => {
    const { username, password } = sandbox().users.payouts;
    sandbox().setPassword('payouts', username, ROTATED);
    const vault = createVault(password);
    const client = auth(vault.read);
    const events = recordEvents(client);

    const first = await failureOf(client.getToken());
    expect(first.code).toBe('REJECTED');
    // Read for the request, then once more after the refusal: the same value, so no retry.
    expect(vault.calls).toBe(2);
    expect(outcomes()).toEqual(['rejected']);

    const second = await failureOf(client.getToken());
    expect(second.code).toBe('REJECTED');
    expect(outcomes()).toEqual(['rejected', 'rejected']);
    expect(events.filter(({ event }) => event === 'lockout')).toHaveLength(1);

    const third = await failureOf(client.getToken());
    expect(third.code).toBe('LOCKOUT_GUARD');
    expect(outcomes()).toEqual(['rejected', 'rejected']);
    expect(sandbox().failedAttempts('payouts', username)).toBe(2);
    expect(sandbox().isLocked('payouts', username)).toBe(false);
  });
});

describe('a rotated password that is also wrong', () => {
  it('is tried once within the same count: the guard trips at the threshold and the user is never locked', async () => {
    const { username, password } = sandbox().users.payouts;
    sandbox().setPassword('payouts', username, ROTATED);
    const vault = createVault(password, 'also-wrong-password-1', 'also-wrong-password-2');
    const client = auth(vault.read);
    const events = recordEvents(client);

    const error = await failureOf(client.getToken());
    expect(error.code).toBe('REJECTED');
    expect(outcomes()).toEqual(['rejected', 'rejected']);
    // The count reached the threshold on the retry: the provider is not asked again.
    expect(vault.calls).toBe(2);
    expect(events.filter(({ event }) => event === 'lockout')).toHaveLength(1);
    expect(client.status()).toMatchObject({ consecutiveFailures: 2, guardTripped: true });

    // Once tripped nothing is tried automatically, not even a new (right) value.
    vault.values = [ROTATED];
    expect((await failureOf(client.getToken())).code).toBe('LOCKOUT_GUARD');
    expect(outcomes()).toEqual(['rejected', 'rejected']);
    expect(sandbox().failedAttempts('payouts', username)).toBe(2);
    expect(sandbox().isLocked('payouts', username)).toBe(false);

    // resetLockout() is a person's decision; then the right value gets a token.
    await client.resetLockout();
    await client.getToken();
    expect(outcomes()).toEqual(['rejected', 'rejected', 'issued']);
  });
});

describe('status()', () => {
  it('goes through none, fresh, refreshing, expired, refused and tripped by the injected clock, with no I/O', async () => {
    const { username, password } = sandbox().users.payouts;
    const vault = createVault(password);
    const client = auth(vault.read);

    expect(client.status()).toEqual({ token: 'none', consecutiveFailures: 0, guardTripped: false });
    const pending = client.getToken();
    expect(client.status().token).toBe('none');
    const token = await pending;
    expect(client.status()).toEqual({
      token: 'fresh',
      expiresAt: token.expiresAt,
      consecutiveFailures: 0,
      guardTripped: false,
    });
    expect(token.expiresAt).toBe(clock.now() + 300_000);

    clock.advance(239_999);
    expect(client.status().token).toBe('fresh');
    clock.advance(1);
    expect(client.status()).toEqual({
      token: 'refreshing',
      expiresAt: token.expiresAt,
      consecutiveFailures: 0,
      guardTripped: false,
    });
    clock.advance(60_000);
    expect(client.status()).toEqual({
      token: 'expired',
      expiresAt: token.expiresAt,
      consecutiveFailures: 0,
      guardTripped: false,
    });
    // Asking costs nothing: no request, no provider call.
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    expect(vault.calls).toBe(1);

    sandbox().setPassword('payouts', username, ROTATED);
    const refusedAt = clock.now();
    expect((await failureOf(client.getToken())).code).toBe('REJECTED');
    expect(client.status()).toEqual({
      token: 'expired',
      expiresAt: token.expiresAt,
      consecutiveFailures: 1,
      guardTripped: false,
      lastError: { code: 'REJECTED', at: refusedAt },
    });

    clock.advance(1_000);
    expect((await failureOf(client.getToken())).code).toBe('REJECTED');
    expect(client.status()).toMatchObject({
      consecutiveFailures: 2,
      guardTripped: true,
      lastError: { code: 'REJECTED', at: refusedAt + 1_000 },
    });
    clock.advance(1_000);
    expect((await failureOf(client.getToken())).code).toBe('LOCKOUT_GUARD');
    expect(client.status().lastError).toEqual({ code: 'LOCKOUT_GUARD', at: refusedAt + 2_000 });

    await client.resetLockout();
    vault.values = [ROTATED];
    const renewed = await client.getToken();
    const status = client.status();
    expect(status).toEqual({
      token: 'fresh',
      expiresAt: renewed.expiresAt,
      consecutiveFailures: 0,
      guardTripped: false,
    });
    // No secret and no token in it.
    const text = JSON.stringify(status);
    for (const secret of [password, ROTATED, token.accessToken, renewed.accessToken]) {
      expect(text).not.toContain(secret);
    }

    await client.invalidate();
    expect(client.status().token).toBe('none');
  });

  it('reports a failure that is not a refusal without counting it', async () => {
    const client = auth(createVault(sandbox().users.payouts.password).read);
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    expect((await failureOf(client.getToken())).code).toBe('HTTP');
    expect(client.status()).toEqual({
      token: 'none',
      consecutiveFailures: 0,
      guardTripped: false,
      lastError: { code: 'HTTP', at: clock.now() },
    });
    const providerFailing = auth(async () => '');
    expect((await failureOf(providerFailing.getToken())).code).toBe('CONFIG');
    expect(providerFailing.status()).toMatchObject({
      consecutiveFailures: 0,
      lastError: { code: 'CONFIG' },
    });
  });
});
