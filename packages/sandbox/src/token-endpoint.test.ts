import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_PRODUCTS } from './products.js';
import { type Sandbox, startSandbox } from './start-sandbox.js';
import { basicHeader, requestToken } from './test-support/token-request.js';

const NOW = Date.UTC(2026, 0, 1);
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: () => NOW });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

describe('success bodies', () => {
  it.each(['payouts', 'bbps'] as const)('%s answers camelCase', async (product) => {
    const { status, json, headers } = await requestToken(sandbox, product);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(json).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'refreshToken',
      'tokenType',
    ]);
    expect(json).toMatchObject({ tokenType: 'bearer', expiresIn: 300 });
    expect(json.accessToken).toMatch(TOKEN);
    expect(json.refreshToken).toMatch(TOKEN);
  });

  it.each(['rewards', 'cards'] as const)('%s answers snake_case', async (product) => {
    const { status, json } = await requestToken(sandbox, product);
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(json).toMatchObject({
      token_type: 'bearer',
      expires_in: 300,
      scope: 'read write trust',
    });
    expect(json.access_token).toMatch(TOKEN);
    expect(json.refresh_token).toMatch(TOKEN);
  });

  it('expense answers {token, expiry, resultCode, resultMessage} with expiry in epoch ms', async () => {
    const { status, json } = await requestToken(sandbox, 'expense');
    expect(status).toBe(200);
    expect(json).toEqual({
      token: expect.stringMatching(TOKEN),
      expiry: NOW + 300_000,
      resultCode: 200,
      resultMessage: 'Token generated successfully.',
    });
  });

  it('issues a different access and refresh token every time', async () => {
    const tokens = new Set<unknown>();
    for (let index = 0; index < 5; index += 1) {
      const { json } = await requestToken(sandbox, 'payouts');
      tokens.add(json.accessToken);
      tokens.add(json.refreshToken);
    }
    expect(tokens.size).toBe(10);
  });

  it('accepts a content type with a charset parameter', async () => {
    const response = await requestToken(sandbox, 'payouts', {
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    });
    expect(response.status).toBe(200);
  });
});

describe('credential rejections', () => {
  it.each(['payouts', 'bbps', 'rewards', 'cards'] as const)(
    '%s refuses a wrong password with 401 invalid_grant',
    async (product) => {
      const { status, json } = await requestToken(sandbox, product, {
        form: { password: 'wrong' },
      });
      expect(status).toBe(401);
      expect(json).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
    },
  );

  it('expense refuses a wrong password with HTTP 200 and resultCode 401', async () => {
    const { status, json } = await requestToken(sandbox, 'expense', {
      form: { password: 'wrong' },
    });
    expect(status).toBe(200);
    expect(json).toEqual({ resultCode: 401, resultMessage: 'Bad credentials' });
    expect(json).not.toHaveProperty('token');
  });

  it('refuses an unknown username and a wrong body clientId', async () => {
    const unknown = await requestToken(sandbox, 'payouts', {
      form: { username: 'nobody@example.com' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error).toBe('invalid_grant');
    const wrongClient = await requestToken(sandbox, 'rewards', {
      form: { clientId: 'CEKOTHER00' },
    });
    expect(wrongClient.status).toBe(401);
    expect(wrongClient.json.error).toBe('invalid_grant');
    expect(sandbox.counters('payouts').rejected).toBe(1);
  });

  it('refuses a wrong Basic pair with 401 unauthorized', async () => {
    const { clientId } = sandbox.users.cards;
    const { status, json, headers } = await requestToken(sandbox, 'cards', {
      headers: { authorization: basicHeader(clientId, 'not-the-secret') },
    });
    expect(status).toBe(401);
    expect(json).toEqual({ error: 'unauthorized', error_description: 'Bad credentials' });
    expect(headers.get('www-authenticate')).toContain('Basic');
  });

  it('refuses a missing or undecodable Authorization header with 401 unauthorized', async () => {
    const missing = await requestToken(sandbox, 'payouts', {
      headers: { authorization: undefined },
    });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      error: 'unauthorized',
      error_description: 'Full authentication is required to access this resource',
    });
    const bearer = await requestToken(sandbox, 'payouts', {
      headers: { authorization: 'Bearer x' },
    });
    expect(bearer.status).toBe(401);
    const garbage = await requestToken(sandbox, 'payouts', {
      headers: { authorization: 'Basic %%%' },
    });
    expect(garbage.json).toEqual({
      error: 'unauthorized',
      error_description: 'Failed to decode basic authentication token',
    });
    const noColon = await requestToken(sandbox, 'payouts', {
      headers: { authorization: `Basic ${Buffer.from('just-an-id').toString('base64')}` },
    });
    expect(noColon.json.error).toBe('unauthorized');
  });

  it('checks the API-Key of an expense user configured with one', async () => {
    const missing = await requestToken(sandbox, 'expense', { headers: { 'api-key': undefined } });
    expect(missing.status).toBe(200);
    expect(missing.json).toEqual({ resultCode: 401, resultMessage: 'Invalid API-Key' });
    const wrong = await requestToken(sandbox, 'expense', { headers: { 'api-key': 'wrong' } });
    expect(wrong.json.resultCode).toBe(401);
    expect(sandbox.failedAttempts('expense', sandbox.users.expense.username)).toBe(0);
  });
});

describe('malformed requests', () => {
  it.each([
    [
      'a JSON body',
      { headers: { 'content-type': 'application/json' }, rawBody: '{}' },
      'Content-Type must be application/x-www-form-urlencoded, got application/json',
    ],
    ['no grant_type', { form: { grant_type: undefined } }, 'Missing grant type'],
    [
      'grant_type=client_credentials',
      { form: { grant_type: 'client_credentials' } },
      'Unsupported grant type: client_credentials',
    ],
    ['no username', { form: { username: undefined } }, 'Missing username'],
    ['an empty password', { form: { password: '' } }, 'Missing password'],
    ['no clientId', { form: { clientId: undefined } }, 'Missing clientId'],
  ] as const)('answers 400 invalid_request to %s', async (_name, changes, description) => {
    const { status, json } = await requestToken(sandbox, 'payouts', changes);
    expect(status).toBe(400);
    expect(json).toEqual({ error: 'invalid_request', error_description: description });
    expect(sandbox.counters('payouts').invalidRequests).toBe(1);
  });

  it('does not require clientId for expense', async () => {
    const { json } = await requestToken(sandbox, 'expense', { form: { clientId: undefined } });
    expect(json.resultCode).toBe(200);
  });

  it('answers 405 to a GET', async () => {
    const { status, json, headers } = await requestToken(sandbox, 'payouts', { method: 'GET' });
    expect(status).toBe(405);
    expect(json).toEqual({
      error: 'method_not_allowed',
      error_description: "Request method 'GET' not supported",
    });
    expect(headers.get('allow')).toBe('POST');
  });

  it('answers 404 outside the known products and endpoints', async () => {
    const unknownProduct = await fetch(`${sandbox.url}/wallet/oauth/token`, { method: 'POST' });
    expect(unknownProduct.status).toBe(404);
    const unknownPath = await fetch(`${sandbox.baseUrl('payouts')}/oauth/authorize`);
    expect(unknownPath.status).toBe(404);
    expect(sandbox.requests('payouts').at(-1)).toMatchObject({
      endpoint: 'unknown',
      outcome: 'not_found',
    });
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const response = await requestToken(sandbox, 'payouts', { rawBody: 'x'.repeat(70_000) });
    expect(response.status).toBe(413);
  });
});

describe('configured users', () => {
  it('serves every product a demo user, shaped like the docs', () => {
    for (const product of SANDBOX_PRODUCTS) {
      const user = sandbox.users[product];
      const usernameShape = product === 'rewards' || product === 'cards' ? /^\d{10}$/ : /@/;
      expect(user.username).toMatch(usernameShape);
    }
  });

  it('accepts several users, each with its own Basic pair', async () => {
    const custom = await startSandbox({
      users: {
        cards: [
          { clientId: 'CEKAAAAAAA', clientSecret: 's1', username: '9111111111', password: 'p1' },
          {
            clientId: 'CEKBBBBBBB',
            clientSecret: 'unused',
            username: '9222222222',
            password: 'p2',
            basicAuth: { id: '', secret: '' },
          },
        ],
      },
    });
    try {
      const second = {
        clientId: 'CEKBBBBBBB',
        clientSecret: 'unused',
        username: '9222222222',
        password: 'p2',
        basicAuth: { id: '', secret: '' },
      };
      expect(custom.users.cards.username).toBe('9111111111');
      expect((await requestToken(custom, 'cards')).status).toBe(200);
      const emptyPair = await requestToken(custom, 'cards', { user: second });
      expect(emptyPair.headers.get('content-type')).toContain('json');
      expect(emptyPair.status).toBe(200);
      // The first user's pair authenticates the client, but not the second user.
      const crossed = await requestToken(custom, 'cards', {
        user: second,
        headers: { authorization: basicHeader('CEKAAAAAAA', 's1') },
      });
      expect(crossed.status).toBe(401);
      expect(crossed.json.error).toBe('invalid_grant');
    } finally {
      await custom.close();
    }
  });

  it('rejects malformed options with a TypeError', async () => {
    await expect(startSandbox({ users: { cards: [] } })).rejects.toThrow(
      new TypeError('Sandbox option users.cards is empty'),
    );
    await expect(
      startSandbox({ users: { wallet: DEMO } } as unknown as Parameters<typeof startSandbox>[0]),
    ).rejects.toThrow(/users\.wallet: unknown product/);
    await expect(
      startSandbox({ products: { payouts: { tokenLifetimeSeconds: 0 } } }),
    ).rejects.toThrow(
      'Sandbox option products.payouts.tokenLifetimeSeconds must be a positive whole number',
    );
  });
});

const DEMO = { clientId: 'a', clientSecret: 'b', username: 'c', password: 'd' };
