import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxHandler, type SandboxHandler } from './create-sandbox-handler.js';
import { correctRequest } from './test-support/token-request.js';

let handler: SandboxHandler | undefined;

afterEach(() => {
  handler?.close();
  handler = undefined;
});

function tokenRequest(target: SandboxHandler, signal?: AbortSignal): Request {
  const { form, headers } = correctRequest('rewards', target.users.rewards);
  return new Request('http://sandbox.test/rewards/oauth/token', {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
    ...(signal === undefined ? {} : { signal }),
  });
}

describe('createSandboxHandler', () => {
  it('answers fetch Requests in-process with the same behaviour and control API', async () => {
    const now = Date.UTC(2026, 0, 1);
    handler = createSandboxHandler({ now: () => now });
    const response = await handler(tokenRequest(handler));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 300 });
    const ping = await handler(
      new Request('http://sandbox.test/rewards/api/ping', {
        headers: { authorization: `Bearer ${String(body.access_token)}` },
      }),
    );
    expect(await ping.json()).toEqual({ ok: true, product: 'rewards' });
    expect(handler.counters('rewards')).toMatchObject({ issued: 1, pings: 1 });
    expect(handler.requests('rewards')[0]).toMatchObject({
      time: now,
      contentType: 'application/x-www-form-urlencoded',
      form: { password: '[redacted]' },
    });
  });

  it('works as a client fetch override', async () => {
    handler = createSandboxHandler();
    const local = handler;
    const fetchOverride: typeof fetch = (input, init) => local(new Request(input, init));
    const response = await fetchOverride('http://anything.invalid/payouts/api/ping');
    expect(response.status).toBe(401);
  });

  it('plays a reset as the TypeError fetch throws', async () => {
    handler = createSandboxHandler();
    handler.enqueueFault('rewards', { type: 'reset' });
    const error = await handler(tokenRequest(handler)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNRESET' } });
  });

  it("plays a hang until the request's signal aborts", async () => {
    handler = createSandboxHandler();
    handler.enqueueFault('rewards', { type: 'hang' });
    const controller = new AbortController();
    const hanging = handler(tokenRequest(handler, controller.signal));
    controller.abort();
    await expect(hanging).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('close() ends a hang and a delay', async () => {
    handler = createSandboxHandler();
    handler.enqueueFault('rewards', { type: 'hang' }, { type: 'delay', ms: 60_000 });
    const hanging = handler(tokenRequest(handler));
    const delayed = handler(tokenRequest(handler));
    handler.close();
    await expect(hanging).rejects.toThrow(TypeError);
    await expect(delayed).rejects.toThrow(TypeError);
  });
});
