import { type Sandbox, startSandbox } from '@enkash/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { camelDefinition } from '../test-support/definitions.js';
import { failureOf } from '../test-support/failure-of.js';
import { createAuth } from './create-auth.js';

// The sandbox README's path, followed literally: one sandbox per file, `reset()` before each
// test, a new auth per test, and nothing else (no forgetAccounts()). Every test must then start
// as a fresh process would, though the process keeps one token and one count per account.
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
beforeEach(() => {
  sandbox.reset();
});
afterAll(() => sandbox.close());

function createPayoutsLikeAuth(password = sandbox.users.payouts.password) {
  return createAuth(camelDefinition, {
    baseUrl: sandbox.baseUrl('payouts'),
    ...sandbox.users.payouts,
    password,
    retryDelayMs: 1,
  });
}

describe('sandbox.reset() isolates the tests of a file', () => {
  for (const round of [1, 2]) {
    it(`gives a new auth its own token request (round ${round} of the same test)`, async () => {
      const auth = createPayoutsLikeAuth();
      await Promise.all(Array.from({ length: 5 }, () => auth.client.get('api/ping')));
      expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 1, pings: 5 });
    });
  }

  it('refuses a wrong password in the next test rather than serving the earlier token', async () => {
    const failure = await failureOf(createPayoutsLikeAuth('wrong-password').getToken());
    expect(failure).toMatchObject({ code: 'REJECTED' });
    expect(sandbox.counters('payouts')).toMatchObject({ tokenRequests: 1, rejected: 1 });
  });

  it('starts the next test with no failure counted by the one before', async () => {
    const auth = createPayoutsLikeAuth();
    await auth.getToken();
    expect(auth.status()).toMatchObject({ consecutiveFailures: 0, guardTripped: false });
  });
});
