import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { requestToken } from './test-support/token-request.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ products: { rewards: { refusalStyle: 'jackson-nulls' } } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('refusal styles', () => {
  it('words a wrong password as documented by default', async () => {
    const refused = await requestToken(sandbox, 'payouts', { form: { password: 'wrong' } });
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
  });

  it('jackson-nulls: HTTP 200 with the success fields present as null beside the refusal', async () => {
    sandbox.setRefusalStyle('expense', 'jackson-nulls');
    const expense = await requestToken(sandbox, 'expense', { form: { password: 'wrong' } });
    expect(expense.status).toBe(200);
    expect(expense.json).toEqual({
      token: null,
      expiry: null,
      resultCode: 401,
      resultMessage: 'Bad credentials',
    });
    sandbox.setRefusalStyle('payouts', 'jackson-nulls');
    const payouts = await requestToken(sandbox, 'payouts', { form: { password: 'wrong' } });
    expect(payouts.status).toBe(200);
    expect(payouts.json).toEqual({
      accessToken: null,
      tokenType: null,
      expiresIn: null,
      refreshToken: null,
      error: 'invalid_grant',
      error_description: 'Bad credentials',
    });
  });

  it('takes the style from the product options, and reset() returns to it', async () => {
    sandbox.setRefusalStyle('rewards', 'documented');
    sandbox.reset();
    const rewards = await requestToken(sandbox, 'rewards', { form: { password: 'wrong' } });
    expect(rewards.status).toBe(200);
    expect(rewards.json).toMatchObject({ access_token: null, scope: null, error: 'invalid_grant' });
  });

  it('unexpected-shape: HTTP 200 {"unexpected":"shape"}, still counted toward the lock at 3', async () => {
    sandbox.setRefusalStyle('payouts', 'unexpected-shape');
    const { username } = sandbox.users.payouts;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const refused = await requestToken(sandbox, 'payouts', { form: { password: 'wrong' } });
      expect(refused.status).toBe(200);
      expect(refused.json).toEqual({ unexpected: 'shape' });
    }
    expect(sandbox.isLocked('payouts', username)).toBe(true);
    expect(sandbox.counters('payouts')).toMatchObject({ rejected: 3, lockouts: 1 });
  });

  it('refuses an unknown style', async () => {
    expect(() => sandbox.setRefusalStyle('payouts', 'teapot' as unknown as 'documented')).toThrow(
      TypeError,
    );
    await expect(
      startSandbox({ products: { cards: { refusalStyle: 'teapot' as unknown as 'documented' } } }),
    ).rejects.toThrow('Sandbox option products.cards.refusalStyle must be one of');
  });
});
