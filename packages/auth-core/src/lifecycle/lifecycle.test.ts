import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { recordEvents, sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';

const sandbox = useSandbox();

describe('cache and single-flight', () => {
  it('serves a hundred concurrent callers from one token request', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => auth.getToken()));
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
  });

  it('serves later callers from the cache without a request', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const first = await auth.getToken();
    const second = await auth.getToken();
    const header = await auth.getAuthorizationHeader();
    expect(second).toBe(first);
    expect(header).toBe(`Bearer ${first.accessToken}`);
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('normalises the token and freezes it', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const before = Date.now();
    const token = await auth.getToken();
    expect(token.tokenType).toBe('bearer');
    expect(typeof token.refreshToken).toBe('string');
    // The sandbox's tokens live 300 s.
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + 300_000);
    expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(Object.isFrozen(token)).toBe(true);
  });

  it('shares one error among concurrent callers', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-1' });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => auth.getToken()));
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
    const reasons = new Set(
      results.map((result) => (result.status === 'rejected' ? result.reason : undefined)),
    );
    expect(reasons.size).toBe(1);
    const [reason] = reasons;
    expect(EnkashAuthError.isInstance(reason)).toBe(true);
    expect((reason as EnkashAuthError).code).toBe('REJECTED');
  });

  it('starts a new request after a failed one settles', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 0 });
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'HTTP', status: 503 });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('forceRefresh fetches a new token; concurrent forced callers share it', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const first = await auth.getToken();
    const [second, third] = await Promise.all([
      auth.getToken({ forceRefresh: true }),
      auth.getToken({ forceRefresh: true }),
    ]);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(third).toBe(second);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('invalidate() makes the next call request a new token', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const first = await auth.getToken();
    await auth.invalidate();
    const second = await auth.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('emits token with no secret and no token in the payload', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const events = recordEvents(auth);
    const token = await auth.getToken();
    expect(events).toEqual([
      {
        event: 'token',
        payload: { product: 'payouts', tokenType: 'bearer', expiresAt: token.expiresAt },
      },
    ]);
  });

  it('unsubscribes a listener', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const seen: unknown[] = [];
    const off = auth.on('token', (payload) => seen.push(payload));
    off();
    await auth.getToken();
    expect(seen).toEqual([]);
  });

  it('survives a throwing listener, which still surfaces', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const failure = new Error('listener bug');
    auth.on('token', () => {
      throw failure;
    });
    const seen: unknown[] = [];
    auth.on('token', (payload) => seen.push(payload));
    const surfaced = new Promise<unknown>((resolve) => {
      process.once('uncaughtException', resolve);
    });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(await surfaced).toBe(failure);
    expect(seen).toHaveLength(1);
  });
});

describe('AbortSignal', () => {
  it('rejects an aborted caller with ABORTED while the shared request serves the others', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    sandbox().enqueueFault('payouts', { type: 'delay', ms: 150 });
    const controller = new AbortController();
    const leaving = auth.getToken({ signal: controller.signal });
    const staying = auth.getToken();
    setTimeout(() => controller.abort(new Error('user navigated away')), 20);
    const error = await leaving.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(EnkashAuthError);
    expect((error as EnkashAuthError).code).toBe('ABORTED');
    expect((error as EnkashAuthError).message).toBe(
      "Stopped waiting for the payouts token because the caller's signal aborted. A shared token request carries on for other callers.",
    );
    expect((error as EnkashAuthError).cause).toEqual(new Error('user navigated away'));
    const token = await staying;
    expect(token.tokenType).toBe('bearer');
    expect(sandbox().counters('payouts')).toMatchObject({ tokenRequests: 1, issued: 1 });
  });

  it('lets the shared request finish and cache even when every caller aborted', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    sandbox().enqueueFault('payouts', { type: 'delay', ms: 80 });
    const controller = new AbortController();
    const leaving = auth.getToken({ signal: controller.signal });
    controller.abort();
    await expect(leaving).rejects.toMatchObject({ code: 'ABORTED' });
    // A later caller joins the request still in flight: no second request.
    await auth.getToken();
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('rejects at once for a signal already aborted, without a request', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    await expect(auth.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ABORTED',
      product: 'payouts',
    });
    await expect(
      auth.getAuthorizationHeader({ signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(0);
  });

  it('passes a shared failure to a caller with a signal', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-2' });
    const controller = new AbortController();
    await expect(auth.getToken({ signal: controller.signal })).rejects.toMatchObject({
      code: 'REJECTED',
    });
  });
});
