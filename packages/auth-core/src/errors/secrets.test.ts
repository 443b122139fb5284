import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  camelDefinition,
  eitherShapeDefinition,
  resultCodeDefinition,
} from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import {
  createManualClock,
  inAnotherProcess,
  nextEvent,
  recordAllEvents,
  recordEvents,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { TokenStore } from '../store/token-store.js';
import type { EnkashAuthError } from './enkash-auth-error.js';

const clock = createManualClock();
const sandbox = useSandbox({ now: clock.now });

/** Every way an error is commonly turned into text. */
function renderings(error: unknown): string[] {
  const typed = error as EnkashAuthError;
  return [
    typed.message,
    typed.stack ?? '',
    String(error),
    inspect(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(error),
    JSON.stringify({ wrapped: error }),
  ];
}

function expectFree(texts: readonly string[], secrets: readonly string[]): void {
  for (const text of texts) {
    for (const secret of secrets) {
      expect(text, `leaked ${secret.slice(0, 3)}… in: ${text.slice(0, 80)}`).not.toContain(secret);
    }
  }
}

describe('no secret in any error, rendering or event payload', () => {
  it('keeps password, client secret, Basic value, cookie, API key and tokens out of everything', async () => {
    const user = sandbox().users.payouts;
    const basic = Buffer.from(`${user.clientId}:${user.clientSecret}`).toString('base64');
    const cookie = '_cfuvid=cookie-secret-77; JSESSIONID=session-secret-88';
    const secrets = [
      user.password,
      user.clientSecret,
      basic,
      'cookie-secret-77',
      'session-secret-88',
    ];
    const errors: EnkashAuthError[] = [];
    const payloads: unknown[] = [];

    // A token, a refresh failure and its event.
    const auth = sandboxAuth(sandbox(), camelDefinition, { clock, retries: 0 });
    const events = recordAllEvents(auth);
    const token = await auth.getToken();
    secrets.push(token.accessToken, token.refreshToken ?? 'no-refresh-token');
    clock.advance(250_000);
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    const refreshFailed = nextEvent(auth, 'refresh-error');
    await auth.getToken();
    await refreshFailed;
    clock.set(Date.UTC(2026, 0, 1));

    // A rejection whose body echoes the secrets and a token.
    const echoing = sandboxAuth(sandbox(), eitherShapeDefinition, {
      ...user,
      baseUrl: sandbox().baseUrl('payouts'),
      cookie,
      retries: 0,
    });
    recordEvents(echoing);
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 401,
      body: {
        error: 'invalid_grant',
        error_description: `Bad credentials for ${user.password} with ${user.clientSecret} (${cookie})`,
        access_token: token.accessToken,
        resultMessage: `Basic ${basic}`,
      },
    });
    const rejected = await failureOf(echoing.getToken());
    expect(rejected.details).toEqual({
      error: 'invalid_grant',
      error_description: 'Bad credentials for [redacted] with [redacted] ([redacted])',
      resultMessage: '[redacted]',
    });
    errors.push(rejected);

    // The guard, after a second rejection (which also emits lockout).
    const wrong = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-12' });
    const wrongEvents = recordAllEvents(wrong);
    secrets.push('wrong-password-12');
    errors.push(await failureOf(wrong.getToken()));
    errors.push(await failureOf(wrong.getToken()));
    errors.push(await failureOf(wrong.getToken()));
    expect(errors.at(-1)?.code).toBe('LOCKOUT_GUARD');

    // An invalid response that carries a token-like value.
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 200,
      body: { accessToken: token.accessToken, expiresIn: `${user.password}` },
    });
    // Another process: this account's guard has tripped here.
    errors.push(
      await failureOf(inAnotherProcess(() => sandboxAuth(sandbox(), camelDefinition)).getToken()),
    );

    // HTTP, NETWORK, TIMEOUT and ABORTED.
    const plain = inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, { retries: 0, timeoutMs: 100 }),
    );
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 500,
      body: { access_token: token.accessToken },
    });
    errors.push(await failureOf(plain.getToken()));
    sandbox().enqueueFault('payouts', { type: 'reset' });
    errors.push(await failureOf(plain.getToken()));
    sandbox().enqueueFault('payouts', { type: 'hang' });
    errors.push(await failureOf(plain.getToken()));
    errors.push(await failureOf(plain.getToken({ signal: AbortSignal.abort() })));

    // An API-key product's rejection.
    const expenseUser = sandbox().users.expense as typeof user & { apiKey: string };
    secrets.push(expenseUser.apiKey, expenseUser.password, expenseUser.clientSecret);
    const expense = sandboxAuth(sandbox(), resultCodeDefinition, { password: 'wrong-password-13' });
    errors.push(await failureOf(expense.getToken()));

    expect(errors.map((error) => error.code)).toEqual([
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'LOCKOUT_GUARD',
      'INVALID_RESPONSE',
      'HTTP',
      'NETWORK',
      'TIMEOUT',
      'ABORTED',
      'REJECTED',
    ]);
    for (const error of errors) {
      expectFree(renderings(error), secrets);
    }
    payloads.push(...events, ...wrongEvents);
    // Events belong to the account: the first auth hears the lockout the wrong one caused too.
    const classic = new Set(['token', 'refresh-error', 'lockout', 'store-error']);
    expect(
      payloads
        .map((entry) => (entry as { event: string }).event)
        .filter((event) => classic.has(event)),
    ).toEqual(['token', 'refresh-error', 'lockout', 'lockout']);
    expect(payloads.length).toBeGreaterThan(10);
    expectFree(
      payloads.map((payload) => JSON.stringify(payload)),
      secrets,
    );
    expectFree(
      payloads.map((payload) => inspect(payload, { depth: 10 })),
      secrets,
    );
    // The auth object itself keeps its secrets in closures.
    expectFree([inspect(auth, { depth: 10, showHidden: true }), JSON.stringify(auth)], secrets);
  });

  it('redacts secrets and tokens from a store fault reported in store-error', async () => {
    const memory = createMemoryStore();
    const leaky: TokenStore = {
      ...memory,
      async set(key, value) {
        // Some clients quote the failed command, value included.
        throw new Error(`SET ${key} ${value} failed`);
      },
    };
    const user = sandbox().users.payouts;
    const auth = sandboxAuth(sandbox(), camelDefinition, { store: leaky });
    const storeErrors: unknown[] = [];
    auth.on('store-error', (payload) => storeErrors.push(payload));
    const token = await auth.getToken();
    expect(storeErrors).toHaveLength(1);
    expect(storeErrors[0]).toMatchObject({
      product: 'payouts',
      operation: 'set',
      errorName: 'Error',
    });
    expect((storeErrors[0] as { message: string }).message).toContain('[redacted]');
    expectFree(
      [JSON.stringify(storeErrors), inspect(storeErrors)],
      [token.accessToken, token.refreshToken ?? 'none', user.password],
    );
  });
});
