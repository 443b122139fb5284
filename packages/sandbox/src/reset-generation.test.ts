import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxHandler, type SandboxHandler } from './create-sandbox-handler.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import {
  accessTokenOf,
  correctRequest,
  readResponse,
  requestToken,
} from './test-support/token-request.js';

// An SDK keeps one token and one lockout count per account (product, base URL, client id,
// username) for the life of the process. A suite that resets the sandbox between cases gets new
// accounts from it only if the base URLs change: each reset() starts a new generation of them.

let sandbox: Sandbox | undefined;
let handler: SandboxHandler | undefined;

afterEach(async () => {
  handler?.close();
  handler = undefined;
  await sandbox?.close();
  sandbox = undefined;
});

describe('reset() starts a new generation of base URLs', () => {
  it('hands out the plain base URL until the first reset, then one under /reset-<n> per reset', async () => {
    sandbox = await startSandbox();
    expect(sandbox.baseUrl('payouts')).toBe(`${sandbox.url}/payouts`);
    sandbox.reset();
    expect(sandbox.baseUrl('payouts')).toBe(`${sandbox.url}/reset-1/payouts`);
    expect(sandbox.baseUrl('cards')).toBe(`${sandbox.url}/reset-1/cards`);
    sandbox.reset();
    expect(sandbox.baseUrl('payouts')).toBe(`${sandbox.url}/reset-2/payouts`);
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves every base URL it handed out, and logs and echoes the product path alone', async () => {
    sandbox = await startSandbox();
    const first = sandbox.baseUrl('payouts');
    sandbox.reset();
    const second = sandbox.baseUrl('payouts');
    const { form, headers } = correctRequest('payouts', sandbox.users.payouts);
    for (const baseUrl of [first, second]) {
      const response = await readResponse(
        await fetch(`${baseUrl}/oauth/token`, {
          method: 'POST',
          headers,
          body: new URLSearchParams(form),
        }),
      );
      expect(response.status).toBe(200);
      const ping = await fetch(`${baseUrl}/api/ping`, {
        headers: { authorization: `Bearer ${accessTokenOf(response.json)}` },
      });
      expect(await ping.json()).toEqual({ ok: true, product: 'payouts' });
    }
    // Paths in the log stay comparable whatever the generation a test happens to run in.
    expect(sandbox.requests('payouts').map((entry) => entry.path)).toEqual([
      '/payouts/oauth/token',
      '/payouts/api/ping',
      '/payouts/oauth/token',
      '/payouts/api/ping',
    ]);
    expect(sandbox.counters('payouts')).toMatchObject({ issued: 2, pings: 2 });
  });

  it('keeps the state reset() cleared, whatever generation a request names', async () => {
    sandbox = await startSandbox();
    const { token } = { token: accessTokenOf((await requestToken(sandbox, 'payouts')).json) };
    sandbox.reset();
    const ping = await fetch(`${sandbox.baseUrl('payouts')}/api/ping`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ping.status).toBe(401);
  });

  it('answers 404 to a generation prefix without a product, or a malformed one', async () => {
    sandbox = await startSandbox();
    for (const path of ['/reset-1', '/reset-1/', '/reset-x/payouts/api/ping', '/reset-/payouts']) {
      const response = await fetch(`${sandbox.url}${path}`);
      expect(response.status, path).toBe(404);
      await response.body?.cancel();
    }
  });

  it('gives the in-process handler a loopback base URL per generation too', async () => {
    handler = createSandboxHandler();
    expect(handler.baseUrl('rewards')).toBe('http://localhost/rewards');
    handler.reset();
    expect(handler.baseUrl('rewards')).toBe('http://localhost/reset-1/rewards');
    const { form, headers } = correctRequest('rewards', handler.users.rewards);
    const response = await handler(
      new Request(`${handler.baseUrl('rewards')}/oauth/token`, {
        method: 'POST',
        headers,
        body: new URLSearchParams(form),
      }),
    );
    expect(response.status).toBe(200);
    expect(handler.requests('rewards')[0]?.path).toBe('/rewards/oauth/token');
  });
});
