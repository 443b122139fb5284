import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  camelDefinition,
  eitherShapeDefinition,
  resultCodeDefinition,
  strictOAuthDefinition,
} from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { inAnotherProcess, sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import type { EnkashAuthError } from '../errors/enkash-auth-error.js';

const sandbox = useSandbox({ products: { cards: { responseShape: 'camelCase' } } });

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

describe('the token request on the wire', () => {
  it('POSTs the form body with Basic, User-Agent and product headers', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { headers: { 'X-Request-Id': 'r-1' } });
    await auth.getToken();
    const [entry] = sandbox().requests('payouts');
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/payouts/oauth/token',
      contentType: 'application/x-www-form-urlencoded',
      userAgent: `@enkash/payouts/9.8.7-test node/${process.versions.node}`,
      basicId: sandbox().users.payouts.clientId,
      form: {
        username: sandbox().users.payouts.username,
        password: '[redacted]',
        grant_type: 'password',
        clientId: sandbox().users.payouts.clientId,
      },
    });
    expect(entry?.headers['x-request-id']).toBe('r-1');
  });

  it('sends the User-Agent on every attempt, retries included', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    await auth.getToken();
    const agents = sandbox()
      .requests('payouts')
      .map((entry) => entry.userAgent);
    expect(agents).toEqual([
      `@enkash/payouts/9.8.7-test node/${process.versions.node}`,
      `@enkash/payouts/9.8.7-test node/${process.versions.node}`,
    ]);
  });

  it('omits clientId for a product that does not send it and sends its API key', async () => {
    const auth = sandboxAuth(sandbox(), resultCodeDefinition);
    const token = await auth.getToken();
    const [entry] = sandbox().requests('expense');
    expect(entry?.form).not.toHaveProperty('clientId');
    expect(entry?.headers['api-key']).toBe('[redacted]');
    expect(entry?.outcome).toBe('issued');
    expect(token.tokenType).toBe('bearer');
  });

  it('sends a caller-supplied cookie and accepts the second listed shape', async () => {
    const auth = sandboxAuth(sandbox(), eitherShapeDefinition, {
      cookie: '_cfuvid=abc123; JSESSIONID=def456',
    });
    await auth.getToken();
    const [entry] = sandbox().requests('cards');
    expect(entry?.headers.cookie).toBeDefined();
    expect(entry?.headers.cookie).not.toContain('abc123');
    expect(entry?.outcome).toBe('issued');
  });

  it('treats a baseUrl with a trailing slash as the same prefix', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      baseUrl: `${sandbox().baseUrl('payouts')}/`,
    });
    await auth.getToken();
    expect(sandbox().requests('payouts')[0]?.path).toBe('/payouts/oauth/token');
  });
});

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %i, then succeeds', async (status) => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 2 });
    sandbox().enqueueFault('payouts', { type: 'status', status });
    sandbox().enqueueFault('payouts', { type: 'status', status });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(sandbox().counters('payouts')).toMatchObject({ tokenRequests: 3, issued: 1 });
  });

  it('gives up after retries + 1 attempts with HTTP and the status', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 2 });
    for (let index = 0; index < 3; index += 1) {
      sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    }
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('HTTP');
    expect(error.status).toBe(503);
    expect(error.product).toBe('payouts');
    expect(error.message).toBe(
      'EnKash payouts answered the token request with HTTP 503. Try again later. Gave up after 3 attempts.',
    );
    expect(sandbox().counters('payouts').tokenRequests).toBe(3);
  });

  it('makes one attempt with retries: 0', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 0 });
    sandbox().enqueueFault('payouts', { type: 'status', status: 500 });
    const error = await failureOf(auth.getToken());
    expect(error.message).toBe(
      'EnKash payouts answered the token request with HTTP 500. Try again later.',
    );
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('retries a reset connection and keeps the low-level cause on NETWORK', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 1 });
    sandbox().enqueueFault('payouts', { type: 'reset' });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    const failing = inAnotherProcess(() => sandboxAuth(sandbox(), camelDefinition, { retries: 1 }));
    sandbox().enqueueFault('payouts', { type: 'reset' });
    sandbox().enqueueFault('payouts', { type: 'reset' });
    const error = await failureOf(failing.getToken());
    expect(error.code).toBe('NETWORK');
    expect(error.message).toBe(
      `Could not reach EnKash payouts at ${sandbox().baseUrl('payouts')}/oauth/token (network error). Check baseUrl and the network. Gave up after 2 attempts.`,
    );
    expect(error.cause).toBeInstanceOf(TypeError);
    // The cause is fetch's own error, not ky's wrapper that holds the Request (and its Basic header).
    expect(error.cause).not.toHaveProperty('request');
  });

  it('reports NETWORK with the name and message of the error a custom fetch throws', async () => {
    const failure = new Error('proxy refused');
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      retries: 0,
      fetch: async () => {
        throw failure;
      },
    });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('NETWORK');
    // A copy: the original object could hold anything, a Request with its Basic header included.
    expect(error.cause).not.toBe(failure);
    expect(error.cause).toMatchObject({ name: 'Error', message: 'proxy refused' });
  });

  it('reports NETWORK when nothing listens', async () => {
    const port = await closedPort();
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      baseUrl: `http://127.0.0.1:${port}/payouts`,
      retries: 1,
    });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('NETWORK');
    expect((error.cause as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('times out a hanging attempt per attempt, and retries it (TIMEOUT)', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { timeoutMs: 100, retries: 1 });
    sandbox().enqueueFault('payouts', { type: 'hang' });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    const failing = inAnotherProcess(() =>
      sandboxAuth(sandbox(), camelDefinition, { timeoutMs: 100, retries: 1 }),
    );
    sandbox().enqueueFault('payouts', { type: 'hang' });
    sandbox().enqueueFault('payouts', { type: 'hang' });
    const error = await failureOf(failing.getToken());
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(
      'EnKash payouts did not answer the token request within 100 ms. Check the network or raise timeoutMs. Gave up after 2 attempts.',
    );
  });

  it('honours Retry-After in seconds', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 1, retryDelayMs: 0 });
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 429,
      headers: { 'Retry-After': '1' },
    });
    await auth.getToken();
    const [first, second] = sandbox().requests('payouts');
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 1, retryDelayMs: 0 });
    const date = new Date(Date.now() + 3_000).toUTCString();
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 503,
      headers: { 'Retry-After': date },
    });
    await auth.getToken();
    const [first, second] = sandbox().requests('payouts');
    // HTTP dates have whole seconds, so over two seconds remain; allow for the first request's trip.
    expect((second?.time ?? 0) - (first?.time ?? 0)).toBeGreaterThanOrEqual(1_500);
  });

  it('caps a long Retry-After at maxRetryDelayMs', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 1, maxRetryDelayMs: 20 });
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 429,
      headers: { 'Retry-After': '3600' },
    });
    // Without the cap this test would wait an hour.
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(2);
  });

  it('never retries a rejection', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, {
      retries: 5,
      password: 'wrong-password-3',
    });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'REJECTED', status: 401 });
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('never retries an invalid response', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 5 });
    sandbox().enqueueFault('payouts', { type: 'html' });
    await expect(auth.getToken()).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('treats another 4xx as a rejection with allowlisted details', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 3 });
    sandbox().enqueueFault('payouts', {
      type: 'status',
      status: 403,
      body: { error: 'access_denied', error_description: 'Client blocked', trace: 'internal' },
    });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('REJECTED');
    expect(error.status).toBe(403);
    expect(error.details).toEqual({ error: 'access_denied', error_description: 'Client blocked' });
    expect(error.message).toBe(
      'EnKash payouts rejected the credentials (HTTP 403, error "access_denied", "Client blocked"). Check username, password, clientId and clientSecret. 1 attempt remains before the lockout guard trips.',
    );
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });

  it('leaves details out of a rejection whose body is not JSON', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    sandbox().enqueueFault('payouts', { type: 'status', status: 400, body: 'Bad Request' });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('REJECTED');
    expect(error).not.toHaveProperty('details');
    expect(error.message).toContain('(HTTP 400)');
  });

  it('reports an unexpected informational status as HTTP without retrying', async () => {
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 3 });
    sandbox().enqueueFault('payouts', { type: 'status', status: 304 });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('HTTP');
    expect(error.status).toBe(304);
    expect(error.message).toBe(
      'EnKash payouts answered the token request with unexpected HTTP 304.',
    );
    expect(sandbox().counters('payouts').tokenRequests).toBe(1);
  });
});

describe('response validation', () => {
  async function invalid(
    body: string | Record<string, unknown> | unknown[],
    definition = camelDefinition,
  ): Promise<EnkashAuthError> {
    const auth = sandboxAuth(sandbox(), definition);
    sandbox().enqueueFault(definition.product as 'payouts', { type: 'status', status: 200, body });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.status).toBe(200);
    return error;
  }

  it('names failing paths and expected types, never the values', async () => {
    const error = await invalid({ accessToken: 'tok-SECRET-VALUE-123', expiresIn: 'in an hour' });
    expect(error.message).toBe(
      'EnKash payouts sent a token response the SDK cannot use: camelCase: expiresIn (expected finite number).',
    );
    expect(error.message).not.toContain('tok-SECRET-VALUE-123');
    expect(error.message).not.toContain('in an hour');
  });

  it('names every shape and every missing field', async () => {
    const error = await invalid({ token_type: 'bearer' }, eitherShapeDefinition);
    expect(error.message).toBe(
      'EnKash cards sent a token response the SDK cannot use: snake_case: access_token (expected non-empty string, missing), expires_in (expected finite number, missing); camelCase: accessToken (expected non-empty string, missing), expiresIn (expected finite number, missing).',
    );
  });

  it('names a wrongly typed whole body', async () => {
    const error = await invalid('"tok-SECRET-in-a-string"');
    expect(error.message).toBe(
      'EnKash payouts sent a token response the SDK cannot use: camelCase: (body) (expected Object).',
    );
  });

  it('requires every field a strict shape declares', async () => {
    const error = await invalid(
      { access_token: 'tok-SECRET-strict', expires_in: 300, token_type: 'bearer' },
      strictOAuthDefinition,
    );
    expect(error.message).toBe(
      'EnKash rewards sent a token response the SDK cannot use: strict: refresh_token (expected string, missing), scope (expected string, missing).',
    );
    expect(error.message).not.toContain('tok-SECRET-strict');
  });

  it('refuses an empty token', async () => {
    const error = await invalid({ accessToken: '', expiresIn: 300 });
    expect(error.message).toBe(
      'EnKash payouts sent a token response the SDK cannot use: camelCase: accessToken (expected non-empty string).',
    );
  });

  it.each([0, -60])(
    'refuses a lifetime of %i seconds without counting it: the login succeeded',
    async (expiresIn) => {
      const error = await invalid({ accessToken: 'tok-SECRET-zero', expiresIn });
      expect(error.message).toBe(
        'EnKash payouts accepted the credentials but sent a token that, by its own clock, had already expired. Not counted as a failed login; the next call asks again.',
      );
      expect(sandboxAuth(sandbox(), camelDefinition).status().consecutiveFailures).toBe(0);
    },
  );

  it('refuses an absolute expiry already past by the response Date, without counting it', async () => {
    const error = await invalid(
      { token: 'tok-SECRET-old', expiry: Date.now() - 10_000, resultCode: 200 },
      resultCodeDefinition,
    );
    expect(error.message).toBe(
      'EnKash expense accepted the credentials but sent a token that, by its own clock, had already expired. Not counted as a failed login; the next call asks again.',
    );
    expect(sandboxAuth(sandbox(), resultCodeDefinition).status().consecutiveFailures).toBe(0);
  });

  it('refuses an empty token from a custom shape', async () => {
    const error = await invalid(
      { token: '', expiry: Date.now() + 60_000, resultCode: 200 },
      resultCodeDefinition,
    );
    expect(error.message).toBe(
      'EnKash expense sent a token response the SDK cannot use: accessToken (expected a non-empty string).',
    );
  });

  it('passes on the paths a product shape reports itself', async () => {
    const error = await invalid({ resultCode: 200 }, resultCodeDefinition);
    expect(error.message).toBe(
      'EnKash expense sent a token response the SDK cannot use: token; expiry.',
    );
  });

  it.each([
    ['an HTML page', { type: 'html' } as const],
    ['a truncated JSON body', { type: 'truncated-json' } as const],
    ['an empty body', { type: 'empty' } as const],
  ])('refuses %s as not JSON', async (_label, fault) => {
    const auth = sandboxAuth(sandbox(), camelDefinition);
    sandbox().enqueueFault('payouts', fault);
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toBe(
      'EnKash payouts answered HTTP 200 with a token response that is not JSON. Check baseUrl points at the EnKash API.',
    );
  });

  it('treats a product-level refusal under HTTP 200 as a rejection', async () => {
    const auth = sandboxAuth(sandbox(), resultCodeDefinition, { password: 'wrong-password-4' });
    const error = await failureOf(auth.getToken());
    expect(error.code).toBe('REJECTED');
    expect(error.status).toBe(200);
    expect(error.details).toEqual({ resultCode: 401, resultMessage: 'Bad credentials' });
    expect(error.message).toBe(
      'EnKash expense rejected the credentials (HTTP 200, resultCode 401, "Bad credentials"). Check username, password, clientId and clientSecret. 1 attempt remains before the lockout guard trips.',
    );
  });
});
