import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_PRODUCTS } from './products.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { basicHeader, requestToken } from './test-support/token-request.js';
import { LOCK_AFTER_FAILURES } from './token-endpoint.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

async function failTimes(product: 'payouts' | 'rewards' | 'expense', times: number): Promise<void> {
  for (let attempt = 0; attempt < times; attempt += 1) {
    await requestToken(sandbox, product, { form: { password: 'wrong' } });
  }
}

describe('lockout after consecutive failures', () => {
  it('locks after exactly three failed attempts', () => {
    expect(LOCK_AFTER_FAILURES).toBe(3);
  });

  it.each(SANDBOX_PRODUCTS)(
    '%s: three wrong passwords lock the user, even against the right one',
    async (product) => {
      const { username } = sandbox.users[product];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await requestToken(sandbox, product, { form: { password: 'wrong' } });
        expect(sandbox.failedAttempts(product, username)).toBe(attempt);
        expect(sandbox.isLocked(product, username)).toBe(attempt === 3);
      }
      const locked = await requestToken(sandbox, product);
      if (product === 'expense') {
        expect(locked.status).toBe(200);
        expect(locked.json).toEqual({ resultCode: 401, resultMessage: 'User account is locked' });
      } else {
        expect(locked.status).toBe(401);
        expect(locked.json).toEqual({
          error: 'invalid_grant',
          error_description: 'User account is locked',
        });
      }
      expect(sandbox.counters(product)).toMatchObject({ issued: 0, rejected: 4, lockouts: 1 });
      expect(sandbox.requests(product).at(-1)?.outcome).toBe('locked');
    },
  );

  it('a success resets the count', async () => {
    const { username } = sandbox.users.payouts;
    await failTimes('payouts', 2);
    expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
    expect(sandbox.failedAttempts('payouts', username)).toBe(0);
    await failTimes('payouts', 2);
    expect(sandbox.isLocked('payouts', username)).toBe(false);
    expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
  });

  it('unlock() lets the user in again and clears the count', async () => {
    const { username } = sandbox.users.rewards;
    await failTimes('rewards', 3);
    sandbox.unlock('rewards', username);
    expect(sandbox.isLocked('rewards', username)).toBe(false);
    expect(sandbox.failedAttempts('rewards', username)).toBe(0);
    expect((await requestToken(sandbox, 'rewards')).status).toBe(200);
  });

  it('lock() refuses a user until unlocked; reset() unlocks too', async () => {
    const { username } = sandbox.users.expense;
    sandbox.lock('expense', username);
    expect((await requestToken(sandbox, 'expense')).json.resultMessage).toBe(
      'User account is locked',
    );
    sandbox.reset();
    expect((await requestToken(sandbox, 'expense')).json.resultCode).toBe(200);
  });

  it('locks per product and per user', async () => {
    await failTimes('payouts', 3);
    expect(sandbox.isLocked('payouts', sandbox.users.payouts.username)).toBe(true);
    expect(sandbox.isLocked('bbps', sandbox.users.payouts.username)).toBe(false);
    expect((await requestToken(sandbox, 'bbps')).status).toBe(200);
  });

  it('a wrong Basic pair, a malformed request or an unknown user never counts toward the lock', async () => {
    const { username, clientId } = sandbox.users.payouts;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await requestToken(sandbox, 'payouts', {
        headers: { authorization: basicHeader(clientId, 'x') },
      });
      await requestToken(sandbox, 'payouts', { form: { grant_type: undefined } });
    }
    expect(sandbox.failedAttempts('payouts', username)).toBe(0);
    expect((await requestToken(sandbox, 'payouts')).status).toBe(200);
  });

  it('a wrong clientId of a known user counts toward the lock', async () => {
    const { username } = sandbox.users.cards;
    await requestToken(sandbox, 'cards', { form: { clientId: 'CEKWRONG00' } });
    expect(sandbox.failedAttempts('cards', username)).toBe(1);
  });
});
