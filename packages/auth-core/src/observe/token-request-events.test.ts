import { describe, expect, it } from 'vitest';
import { camelDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { hostileAuth, useHostileServer } from '../../test-support/hostile-auth.js';
import {
  answer,
  answerToken,
  type HostileBehaviour,
  redirect,
} from '../../test-support/hostile-server.js';
import {
  createManualClock,
  recordAllEvents,
  sandboxAuth,
  useSandbox,
} from '../../test-support/sandbox.js';

const sandbox = useSandbox();
const hostile = useHostileServer();

/** The events of the given names, in order, as `{ event, payload }`. */
function only(
  seen: ReadonlyArray<{ event: string; payload: unknown }>,
  ...names: string[]
): Array<{ event: string; payload: unknown }> {
  return seen.filter((entry) => names.includes(entry.event));
}

describe('token-request and retry events', () => {
  it('3 × 503 then a token: 4 token-request and 3 retry events, in order, with their fields', async () => {
    // Retry-After of 1 s capped by maxRetryDelayMs: the wait is known exactly and short.
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 3, maxRetryDelayMs: 7 });
    const seen = recordAllEvents(auth);
    for (let failure = 0; failure < 3; failure += 1) {
      sandbox().enqueueFault('payouts', {
        type: 'status',
        status: 503,
        headers: { 'Retry-After': '1' },
      });
    }
    await auth.getToken();
    const transient = (attempt: number) => ({
      event: 'token-request',
      payload: {
        product: 'payouts',
        outcome: 'transient',
        attempt,
        durationMs: expect.any(Number),
        status: 503,
        code: 'HTTP',
      },
    });
    const retry = (attempt: number) => ({
      event: 'retry',
      payload: { product: 'payouts', attempt, delayMs: 7, status: 503, code: 'HTTP' },
    });
    expect(only(seen, 'token-request', 'retry')).toEqual([
      transient(1),
      retry(1),
      transient(2),
      retry(2),
      transient(3),
      retry(3),
      {
        event: 'token-request',
        payload: {
          product: 'payouts',
          outcome: 'token',
          attempt: 4,
          durationMs: expect.any(Number),
        },
      },
    ]);
    for (const { payload } of only(seen, 'token-request')) {
      expect((payload as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(sandbox().counters('payouts').tokenRequests).toBe(4);
  });

  it('gives up after its retries: the last transient attempt has no retry after it', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 1, retryDelayMs: 0 });
    const seen = recordAllEvents(auth);
    sandbox().enqueueFault('payouts', { type: 'status', status: 502 }, { type: 'reset' });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('NETWORK');
    expect(error.message).toBe(
      `Could not reach EnKash payouts at ${sandbox().baseUrl('payouts')}/oauth/token (network error). Check baseUrl and the network. Gave up after 2 attempts.`,
    );
    expect(
      only(seen, 'token-request', 'retry').map(({ event, payload }) => [event, payload]),
    ).toEqual([
      [
        'token-request',
        {
          product: 'payouts',
          outcome: 'transient',
          attempt: 1,
          durationMs: expect.any(Number),
          status: 502,
          code: 'HTTP',
        },
      ],
      // Without Retry-After the wait is full jitter below retryDelayMs: here 0.
      ['retry', { product: 'payouts', attempt: 1, delayMs: 0, status: 502, code: 'HTTP' }],
      [
        'token-request',
        {
          product: 'payouts',
          outcome: 'transient',
          attempt: 2,
          durationMs: expect.any(Number),
          code: 'NETWORK',
        },
      ],
    ]);
  });

  it('reports an attempt that timed out as transient TIMEOUT, with no status', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 0, timeoutMs: 100 });
    const seen = recordAllEvents(auth);
    sandbox().enqueueFault('payouts', { type: 'hang' });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(
      'EnKash payouts did not answer the token request within 100 ms. Check the network or raise timeoutMs.',
    );
    expect(only(seen, 'token-request', 'retry')).toEqual([
      {
        event: 'token-request',
        payload: {
          product: 'payouts',
          outcome: 'transient',
          attempt: 1,
          durationMs: expect.any(Number),
          code: 'TIMEOUT',
        },
      },
    ]);
  });

  it('reports a rejection as rejected with its status, and no retry', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-41' });
    const seen = recordAllEvents(auth);
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('REJECTED');
    expect(error.message).toBe(
      'EnKash payouts rejected the credentials (HTTP 401, error "invalid_grant", "Bad credentials"). Check username, password, clientId and clientSecret. 1 attempt remains before the lockout guard trips.',
    );
    expect(only(seen, 'token-request', 'retry')).toEqual([
      {
        event: 'token-request',
        payload: {
          product: 'payouts',
          outcome: 'rejected',
          attempt: 1,
          durationMs: expect.any(Number),
          status: 401,
          code: 'REJECTED',
        },
      },
    ]);
  });

  it('reports a body it cannot use as failed with its code, and no retry', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    const seen = recordAllEvents(auth);
    sandbox().enqueueFault('payouts', { type: 'html', status: 200 });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toBe(
      'EnKash payouts answered HTTP 200 with a token response that is not JSON. Check baseUrl points at the EnKash API.',
    );
    expect(only(seen, 'token-request', 'retry')).toEqual([
      {
        event: 'token-request',
        payload: {
          product: 'payouts',
          outcome: 'failed',
          attempt: 1,
          durationMs: expect.any(Number),
          status: 200,
          code: 'INVALID_RESPONSE',
        },
      },
    ]);
  });

  it('reports a redirect, which is never followed, as failed with its status and code', async () => {
    hostile().enqueue(redirect(302, 'http://127.0.0.1:9/elsewhere'));
    const auth = hostileAuth(hostile());
    const seen = recordAllEvents(auth);
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('HTTP');
    expect(error.message).toBe(
      'EnKash payouts answered the token request with a redirect (HTTP 302); the SDK never follows one. Check baseUrl.',
    );
    expect(only(seen, 'token-request', 'retry')).toEqual([
      {
        event: 'token-request',
        payload: {
          product: 'payouts',
          outcome: 'failed',
          attempt: 1,
          durationMs: expect.any(Number),
          status: 302,
          code: 'HTTP',
        },
      },
    ]);
  });

  it("measures each attempt's duration on the auth's clock", async () => {
    const clock = createManualClock();
    // Each answer moves the clock first, as if the server took that long.
    const answeredAfter =
      (milliseconds: number, behaviour: HostileBehaviour): HostileBehaviour =>
      (socket, request) => {
        clock.advance(milliseconds);
        behaviour(socket, request);
      };
    hostile().enqueue(
      answeredAfter(1_500, answer(500, '{}')),
      answeredAfter(250, answerToken('timed-token-41')),
    );
    const auth = hostileAuth(hostile(), { clock, retries: 1, retryDelayMs: 0 });
    const seen = recordAllEvents(auth);
    expect((await auth.getToken()).accessToken).toBe('timed-token-41');
    expect(
      only(seen, 'token-request').map(
        ({ payload }) => (payload as { durationMs: number }).durationMs,
      ),
    ).toEqual([1_500, 250]);
  });
});
