import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openJson, sealText } from './payload-cipher.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { basicHeader, readResponse, requestToken } from './test-support/token-request.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('setPassword(): a password rotated on EnKash side', () => {
  it('accepts the new password and refuses the old one, which counts toward the lock', async () => {
    const { username, password } = sandbox.users.payouts;
    sandbox.setPassword('payouts', username, 'rotated-password-2');
    const old = await requestToken(sandbox, 'payouts');
    expect(old.status).toBe(401);
    expect(sandbox.failedAttempts('payouts', username)).toBe(1);
    const rotated = await requestToken(sandbox, 'payouts', {
      form: { password: 'rotated-password-2' },
    });
    expect(rotated.status).toBe(200);
    expect(sandbox.failedAttempts('payouts', username)).toBe(0);
    // `users` keeps showing the configured password.
    expect(sandbox.users.payouts.password).toBe(password);
  });

  it('keeps the failed-attempt count across the change: old and new passwords share one lock', async () => {
    const { username } = sandbox.users.rewards;
    await requestToken(sandbox, 'rewards', { form: { password: 'wrong' } });
    await requestToken(sandbox, 'rewards', { form: { password: 'wrong' } });
    sandbox.setPassword('rewards', username, 'rotated-password-3');
    expect(sandbox.failedAttempts('rewards', username)).toBe(2);
    await requestToken(sandbox, 'rewards');
    expect(sandbox.isLocked('rewards', username)).toBe(true);
    const locked = await requestToken(sandbox, 'rewards', {
      form: { password: 'rotated-password-3' },
    });
    expect(locked.json.error_description).toBe('User account is locked');
  });

  it('is per product, and reset() restores the configured password', async () => {
    const { username } = sandbox.users.payouts;
    sandbox.setPassword('payouts', username, 'rotated-password-4');
    expect((await requestToken(sandbox, 'bbps')).status).toBe(200);
    sandbox.reset();
    expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
  });

  it('refuses an unknown user or an empty password with a TypeError', () => {
    expect(() => sandbox.setPassword('payouts', 'nobody@example.com', 'x1')).toThrow(
      'setPassword: payouts has no user "nobody@example.com"',
    );
    const { username } = sandbox.users.payouts;
    expect(() => sandbox.setPassword('payouts', username, '')).toThrow(TypeError);
    expect(() => sandbox.setPassword('nope' as 'payouts', username, 'x1')).toThrow(TypeError);
  });
});

describe('setClientSecret(): a client secret rotated on EnKash side', () => {
  it('takes the new secret for the Basic pair and refuses the old one', async () => {
    const { username, clientId } = sandbox.users.payouts;
    sandbox.setClientSecret('payouts', username, 'rotated-secret-5');
    const old = await requestToken(sandbox, 'payouts');
    expect(old.status).toBe(401);
    const rotated = await requestToken(sandbox, 'payouts', {
      headers: { authorization: basicHeader(clientId, 'rotated-secret-5') },
    });
    expect(rotated.status).toBe(200);
    sandbox.reset();
    expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
  });

  it('opens payloads with the new secret only, and seals its answers with it', async () => {
    const { username, clientSecret } = sandbox.users.payouts;
    const token = (await requestToken(sandbox, 'payouts')).json.accessToken as string;
    sandbox.setClientSecret('payouts', username, 'rotated-secret-6');
    const call = (secret: string) =>
      fetch(`${sandbox.baseUrl('payouts')}/api/echo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ request: sealText('{"amount":1}', secret) }),
      }).then(readResponse);
    expect((await call(clientSecret)).status).toBe(400);
    const answer = await call('rotated-secret-6');
    expect(answer.status).toBe(200);
    expect(openJson(answer.json.request as string, 'rotated-secret-6')).toMatchObject({
      value: { received: { amount: 1 } },
    });
  });

  it('refuses an unknown user or an empty secret with a TypeError', () => {
    expect(() => sandbox.setClientSecret('payouts', 'nobody@example.com', 's')).toThrow(
      'setClientSecret: payouts has no user "nobody@example.com"',
    );
    expect(() => sandbox.setClientSecret('payouts', sandbox.users.payouts.username, '')).toThrow(
      'setClientSecret: the client secret must be a non-empty string',
    );
  });
});
