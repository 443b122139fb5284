import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { accessTokenOf, ping, requestToken } from './test-support/token-request.js';

const NOW = Date.UTC(2026, 5, 1);
let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('per-product response shape switch', () => {
  it('cards serves camelCase when asked', async () => {
    sandbox = await startSandbox({ products: { cards: { responseShape: 'camelCase' } } });
    const { json } = await requestToken(sandbox, 'cards');
    expect(json).toMatchObject({ tokenType: 'bearer', expiresIn: 300 });
    expect(json).not.toHaveProperty('access_token');
  });

  it('expense serves the snake_case OAuth body and Spring rejections when asked', async () => {
    sandbox = await startSandbox({ products: { expense: { responseShape: 'snake_case' } } });
    const { status, json } = await requestToken(sandbox, 'expense');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      token_type: 'bearer',
      expires_in: 300,
      scope: 'read write trust',
    });
    const rejected = await requestToken(sandbox, 'expense', { form: { password: 'wrong' } });
    expect(rejected.status).toBe(401);
    expect(rejected.json).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
  });

  it('setResponseShape() switches at run time; reset() switches back', async () => {
    sandbox = await startSandbox();
    sandbox.setResponseShape('cards', 'camelCase');
    expect((await requestToken(sandbox, 'cards')).json).toHaveProperty('accessToken');
    sandbox.reset();
    expect((await requestToken(sandbox, 'cards')).json).toHaveProperty('access_token');
    expect(() => sandbox?.setResponseShape('cards', 'xml' as 'camelCase')).toThrow(TypeError);
  });
});

describe('token lifetime', () => {
  it('defaults to 300 s for every shape', async () => {
    sandbox = await startSandbox({ now: () => NOW });
    expect((await requestToken(sandbox, 'payouts')).json.expiresIn).toBe(300);
    expect((await requestToken(sandbox, 'rewards')).json.expires_in).toBe(300);
    expect((await requestToken(sandbox, 'expense')).json.expiry).toBe(NOW + 300_000);
  });

  it('is configurable per product and governs expiry on the injected clock', async () => {
    let now = NOW;
    sandbox = await startSandbox({
      now: () => now,
      products: { payouts: { tokenLifetimeSeconds: 2 }, expense: { tokenLifetimeSeconds: 60 } },
    });
    const payouts = await requestToken(sandbox, 'payouts');
    expect(payouts.json.expiresIn).toBe(2);
    expect((await requestToken(sandbox, 'bbps')).json.expiresIn).toBe(300);
    expect((await requestToken(sandbox, 'expense')).json.expiry).toBe(NOW + 60_000);
    now += 2_000;
    expect((await ping(sandbox, 'payouts', accessTokenOf(payouts.json))).status).toBe(401);
  });

  it('setTokenLifetime() applies to tokens issued afterwards', async () => {
    sandbox = await startSandbox();
    sandbox.setTokenLifetime('rewards', 5);
    expect((await requestToken(sandbox, 'rewards')).json.expires_in).toBe(5);
    expect(() => sandbox?.setTokenLifetime('rewards', -1)).toThrow(TypeError);
    expect(() => sandbox?.setTokenLifetime('rewards', 0.5)).toThrow(TypeError);
  });
});
