import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_PRODUCTS } from './products.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { accessTokenOf, ping, requestToken } from './test-support/token-request.js';

let now = Date.UTC(2026, 0, 1);
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => now });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function tokenFor(product: (typeof SANDBOX_PRODUCTS)[number]): Promise<string> {
  return accessTokenOf((await requestToken(sandbox, product)).json);
}

const INVALID = { error: 'invalid_token' };

describe('GET /{product}/api/ping', () => {
  it.each(SANDBOX_PRODUCTS)('%s: a live token gets 200 {ok, product}', async (product) => {
    const { status, json } = await ping(sandbox, product, await tokenFor(product));
    expect(status).toBe(200);
    expect(json).toEqual({ ok: true, product });
  });

  it('refuses a missing token', async () => {
    const { status, json, headers } = await ping(sandbox, 'payouts');
    expect(status).toBe(401);
    expect(json).toMatchObject(INVALID);
    expect(headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('refuses an unknown token and never echoes it', async () => {
    const { status, json, text } = await ping(sandbox, 'payouts', 'made-up-token-value');
    expect(status).toBe(401);
    expect(json).toMatchObject(INVALID);
    expect(text).not.toContain('made-up-token-value');
  });

  it("refuses another product's token", async () => {
    const { status } = await ping(sandbox, 'cards', await tokenFor('payouts'));
    expect(status).toBe(401);
  });

  it('refuses a token once expired, by the injected clock', async () => {
    const token = await tokenFor('rewards');
    now += 299_999;
    expect((await ping(sandbox, 'rewards', token)).status).toBe(200);
    now += 1;
    const expired = await ping(sandbox, 'rewards', token);
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({
      error: 'invalid_token',
      error_description: 'Access token expired',
    });
  });

  it('refuses revoked tokens: revokeAll(product) and revokeAll()', async () => {
    const payouts = await tokenFor('payouts');
    const cards = await tokenFor('cards');
    sandbox.revokeAll('payouts');
    expect((await ping(sandbox, 'payouts', payouts)).status).toBe(401);
    expect((await ping(sandbox, 'cards', cards)).status).toBe(200);
    sandbox.revokeAll();
    expect((await ping(sandbox, 'cards', cards)).status).toBe(401);
    expect(sandbox.counters('cards')).toMatchObject({ pings: 2, pingsRejected: 1 });
  });

  it('answers 405 to a POST', async () => {
    const response = await fetch(`${sandbox.baseUrl('payouts')}/api/ping`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
