import { describe, expect, it } from 'vitest';
import { failureOf } from '../../test-support/failure-of.js';
import { hostileAuth, useHostileServer } from '../../test-support/hostile-auth.js';
import { answer, answerToken } from '../../test-support/hostile-server.js';
import { createLeapingClock } from '../../test-support/sandbox.js';

const server = useHostileServer();

describe('what already held against a hostile server', () => {
  it('serves 10,000 concurrent callers from one token request', async () => {
    const auth = hostileAuth(server());
    const tokens = await Promise.all(Array.from({ length: 10_000 }, () => auth.getToken()));
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(
      new Set(['hostile-token-0001']),
    );
    expect(server().requests).toHaveLength(1);
  });

  it('ends a 503 storm in HTTP after the retries', async () => {
    server().fallback = answer(503, '', { 'Retry-After': '0' });
    const error = await failureOf(hostileAuth(server(), { retries: 3 }).getToken());
    expect(error).toMatchObject({ code: 'HTTP', status: 503 });
    expect(server().requests).toHaveLength(4);
  });

  it('is not polluted by __proto__ and constructor keys in a token or rejection body', async () => {
    const hostileKeys =
      '"__proto__":{"polluted":"yes","accessToken":"from-proto"},"constructor":{"prototype":{"polluted":"yes"}}';
    server().enqueue(
      answer(401, `{${hostileKeys},"error":"invalid_grant"}`),
      answer(200, `{${hostileKeys},"accessToken":"own-token","tokenType":"bearer","expiresIn":60}`),
    );
    const auth = hostileAuth(server());
    const rejected = await failureOf(auth.getToken());
    expect(rejected.details).toEqual({ error: 'invalid_grant' });
    await expect(auth.getToken()).resolves.toMatchObject({ accessToken: 'own-token' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).accessToken).toBeUndefined();
  });

  it('bounds the token requests of an API that always answers 401: at most one per call', async () => {
    server().fallback = (socket, request) => {
      const behaviour = request.path.endsWith('/oauth/token')
        ? answerToken(`token-${server().requests.length}`)
        : answer(401, '{"error":"invalid_token"}');
      behaviour(socket, request);
    };
    // The account's pace (one token request a second) would make the calls wait: leap over it.
    const clock = createLeapingClock();
    const auth = hostileAuth(server(), { clock });
    const calls = 10;
    for (let call = 0; call < calls; call += 1) {
      expect((await auth.fetch('api/accounts')).status).toBe(401);
      clock.leap(1_000);
    }
    const tokenRequests = server().requests.filter((request) =>
      request.path.endsWith('/oauth/token'),
    );
    // The first call's token, then one fresh token per call after its 401.
    expect(tokenRequests.length).toBeLessThanOrEqual(calls + 1);
  });
});
