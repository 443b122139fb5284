import { describe, expect, it } from 'vitest';
import { storedRefusals } from '../../test-support/attempt-count.js';
import { camelDefinition, resultCodeDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { recordEvents, sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import { createMemoryStore } from '../store/memory-store.js';
import { deriveStoreKey } from '../store/store-key.js';

const sandbox = useSandbox();

const GUARD_MESSAGE = (count: number) =>
  `The lockout guard refused a payouts token request without contacting EnKash: the last ${count} attempts were rejected, and EnKash locks the account after 3. Fix the credentials, then call resetLockout().`;

describe('lockout guard', () => {
  it('counts rejections, trips at maxConsecutiveFailures without touching the network, emits lockout', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-5' });
    const events = recordEvents(auth);

    const first = await failureOf(auth.getToken());
    expect(first.code).toBe('REJECTED');
    expect(first.message).toBe(
      'EnKash payouts rejected the credentials (HTTP 401, error "invalid_grant", "Bad credentials"). Check username, password, clientId and clientSecret. 1 attempt remains before the lockout guard trips.',
    );
    const second = await failureOf(auth.getToken());
    expect(second.code).toBe('REJECTED');
    expect(second.message).toBe(
      'EnKash payouts rejected the credentials (HTTP 401, error "invalid_grant", "Bad credentials"). Check username, password, clientId and clientSecret. The lockout guard has tripped: further requests are refused without contacting EnKash until resetLockout() is called.',
    );
    expect(events.filter((entry) => entry.event === 'lockout')).toEqual([
      { event: 'lockout', payload: { product: 'payouts', failures: 2, maxConsecutiveFailures: 2 } },
    ]);

    const third = await failureOf(auth.getToken());
    expect(third.code).toBe('LOCKOUT_GUARD');
    expect(third.product).toBe('payouts');
    expect(third.message).toBe(GUARD_MESSAGE(2));
    // The guard kept EnKash's own lock (at 3) from ever triggering.
    expect(sandbox().counters('payouts')).toMatchObject({ tokenRequests: 2, lockouts: 0 });
    expect(sandbox().isLocked('payouts', sandbox().users.payouts.username)).toBe(false);
  });

  it('resetLockout() lets the next call try again', async () => {
    const store = createMemoryStore();
    const wrong = sandboxAuth(sandbox(), camelDefinition, {
      password: 'wrong-password-6',
      maxConsecutiveFailures: 1,
      store,
    });
    await expect(wrong.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    await expect(wrong.getToken()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });
    await wrong.resetLockout();
    await expect(wrong.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('counts through the store, per credential set, with a key that excludes the password', async () => {
    const store = createMemoryStore();
    const wrong = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-7', store });
    await wrong.getToken().catch(() => undefined);
    await wrong.getToken().catch(() => undefined);
    // Same identity, fixed password, a second auth sharing the store: still guarded.
    const fixed = sandboxAuth(sandbox(), camelDefinition, { store });
    await expect(fixed.getToken()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });
    const key = await deriveStoreKey({
      product: 'payouts',
      baseUrl: sandbox().baseUrl('payouts'),
      clientId: sandbox().users.payouts.clientId,
      username: sandbox().users.payouts.username,
    });
    expect(await storedRefusals(store, key)).toBe(2);
    await fixed.resetLockout();
    expect(await storedRefusals(store, key)).toBe(0);
    await expect(fixed.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    // Another username on the same store has its own count.
    const other = sandboxAuth(sandbox(), camelDefinition, {
      username: 'someone@example.com',
      store,
    });
    await expect(other.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
  });

  it('counts a storm of concurrent callers with a wrong password as one attempt', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-8' });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => auth.getToken()));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    const next = await failureOf(auth.getToken());
    expect(next.message).toContain('The lockout guard has tripped');
  });

  it('clears the count after a success, so failures must be consecutive', async () => {
    const store = createMemoryStore();
    const wrong = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-9', store });
    const right = sandboxAuth(sandbox(), camelDefinition, { store });
    await expect(wrong.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    await right.getToken();
    // Drop the shared token, or the wrong auth would simply be served it.
    await right.invalidate();
    const again = await failureOf(wrong.getToken());
    expect(again.message).toContain('1 attempt remains');
  });

  it('does not count transport failures', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 0 });
    for (let index = 0; index < 3; index += 1) {
      sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
      await expect(auth.getToken()).rejects.toMatchObject({ code: 'HTTP' });
    }
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('counts a product-level refusal (resultCode other than 200) too', async () => {
    const auth = sandboxAuth(sandbox(), resultCodeDefinition, { password: 'wrong-password-10' });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'REJECTED', status: 200 });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });
    expect(sandbox().counters('expense').tokenRequests).toBe(2);
  });

  it('honours a custom threshold', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      password: 'wrong-password-11',
      maxConsecutiveFailures: 1,
    });
    const first = await failureOf(auth.getToken());
    expect(first.message).toContain('The lockout guard has tripped');
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'LOCKOUT_GUARD' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });
});

describe('the guard counts every answer that is neither a token nor transient', () => {
  const codesOf = async (auth: ReturnType<typeof sandboxAuth>, calls: number) => {
    const codes: string[] = [];
    for (let index = 0; index < calls; index += 1) {
      codes.push(
        await auth.getToken().then(
          () => 'token',
          (error: { code: string }) => error.code,
        ),
      );
    }
    return codes;
  };

  it('a wrong password answered HTTP 200 {"unexpected":"shape"}: five calls, at most 2 requests, never locked', async () => {
    sandbox().setRefusalStyle('payouts', 'unexpected-shape');
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-31' });
    const events = recordEvents(auth);
    expect(await codesOf(auth, 5)).toEqual([
      'INVALID_RESPONSE',
      'INVALID_RESPONSE',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
      'LOCKOUT_GUARD',
    ]);
    expect(sandbox().counters('payouts')).toMatchObject({ tokenRequests: 2, lockouts: 0 });
    expect(sandbox().isLocked('payouts', sandbox().users.payouts.username)).toBe(false);
    expect(events.filter((entry) => entry.event === 'lockout')).toEqual([
      { event: 'lockout', payload: { product: 'payouts', failures: 2, maxConsecutiveFailures: 2 } },
    ]);
  });

  it('expense refusing with Jackson nulls under HTTP 200 is REJECTED and counted', async () => {
    sandbox().setRefusalStyle('expense', 'jackson-nulls');
    const auth = sandboxAuth(sandbox(), resultCodeDefinition, { password: 'wrong-password-32' });
    const first = await failureOf(auth.getToken());
    expect(first).toMatchObject({
      code: 'REJECTED',
      status: 200,
      details: { resultCode: 401, resultMessage: 'Bad credentials' },
    });
    expect(first.message).toContain('1 attempt remains');
    expect(await codesOf(auth, 3)).toEqual(['REJECTED', 'LOCKOUT_GUARD', 'LOCKOUT_GUARD']);
    expect(sandbox().counters('expense')).toMatchObject({ tokenRequests: 2, lockouts: 0 });
  });

  it('a camelCase refusal with Jackson nulls under HTTP 200 is REJECTED and counted', async () => {
    sandbox().setRefusalStyle('payouts', 'jackson-nulls');
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-33' });
    expect(await codesOf(auth, 3)).toEqual(['REJECTED', 'REJECTED', 'LOCKOUT_GUARD']);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('counts an unexpected status, 3xx included', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 0 });
    sandbox().enqueueFault('payouts', { type: 'status', status: 300, body: 'Multiple Choices' });
    sandbox().enqueueFault('payouts', { type: 'status', status: 304 });
    const codes = await codesOf(auth, 3);
    expect(codes[2]).toBe('LOCKOUT_GUARD');
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('counts a body that is not JSON, and an HTML page', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 0 });
    sandbox().enqueueFault('payouts', { type: 'truncated-json' }, { type: 'html' });
    expect(await codesOf(auth, 3)).toEqual([
      'INVALID_RESPONSE',
      'INVALID_RESPONSE',
      'LOCKOUT_GUARD',
    ]);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('gives the reservation back on a network error, a timeout, 408, 429 and 5xx', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      retries: 0,
      timeoutMs: 200,
      maxConsecutiveFailures: 1,
    });
    sandbox().enqueueFault(
      'payouts',
      { type: 'reset' },
      { type: 'hang' },
      { type: 'status', status: 408 },
      { type: 'status', status: 429 },
      { type: 'status', status: 500 },
      { type: 'status', status: 503 },
    );
    expect(await codesOf(auth, 7)).toEqual([
      'NETWORK',
      'TIMEOUT',
      'HTTP',
      'HTTP',
      'HTTP',
      'HTTP',
      'token',
    ]);
  });

  it('a transient failure between two refusals leaves the count at two, not three', async () => {
    const store = createMemoryStore();
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      password: 'wrong-password-34',
      retries: 0,
      store,
    });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'REJECTED' });
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'HTTP' });
    const second = await failureOf(auth.getToken());
    expect(second.message).toContain('The lockout guard has tripped');
    const key = await deriveStoreKey({
      product: 'payouts',
      baseUrl: sandbox().baseUrl('payouts'),
      clientId: sandbox().users.payouts.clientId,
      username: sandbox().users.payouts.username,
    });
    expect(await storedRefusals(store, key)).toBe(2);
  });
});
