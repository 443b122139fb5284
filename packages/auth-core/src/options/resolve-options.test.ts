import { describe, expect, it } from 'vitest';
import {
  camelDefinition,
  eitherShapeDefinition,
  resultCodeDefinition,
} from '../../test-support/definitions.js';
import { createAuth } from '../create-auth.js';
import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { ProductDefinition } from '../product/product-definition.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { AuthOptions } from './auth-options.js';
import { resolveOptions } from './resolve-options.js';

const valid: AuthOptions = {
  baseUrl: 'https://ekpayout-uat.enkash.in',
  clientId: 'enkash-client',
  clientSecret: 'client-secret-Zq9',
  username: 'ops@example.com',
  password: 'password-Xy7!',
};

function configErrorOf(run: () => unknown): EnkashAuthError {
  try {
    run();
  } catch (error) {
    expect(EnkashAuthError.isInstance(error)).toBe(true);
    const typed = error as EnkashAuthError;
    expect(typed.code).toBe('CONFIG');
    return typed;
  }
  throw new Error('expected a CONFIG error');
}

function configMessage(options: Record<string, unknown>, definition = camelDefinition): string {
  const error = configErrorOf(() =>
    createAuth(definition, options as AuthOptions & Record<string, unknown>),
  );
  expect(error.product).toBe(definition.product);
  for (const secret of [valid.password, valid.clientSecret]) {
    expect(error.message).not.toContain(secret);
  }
  return error.message;
}

describe('option validation (CONFIG at construction)', () => {
  it('accepts valid options without I/O', () => {
    expect(() => createAuth(camelDefinition, { ...valid })).not.toThrow();
  });

  it.each([
    ['baseUrl', 'a non-empty string'],
    ['clientId', 'a non-empty string'],
    ['clientSecret', 'a non-empty string or a function that returns one'],
    ['username', 'a non-empty string'],
    ['password', 'a non-empty string or a function that returns one'],
  ] as const)('names a missing or empty %s', (name, wanted) => {
    const expected = `payouts: option "${name}" is required and must be ${wanted}.`;
    const { [name]: _removed, ...missing } = valid;
    expect(configMessage(missing)).toBe(expected);
    expect(configMessage({ ...valid, [name]: '' })).toBe(expected);
    expect(configMessage({ ...valid, [name]: '   ' })).toBe(expected);
    expect(configMessage({ ...valid, [name]: 42 })).toBe(expected);
  });

  it('accepts a provider for password and clientSecret without calling it', () => {
    let calls = 0;
    const provider = () => {
      calls += 1;
      return 'provided';
    };
    expect(() =>
      createAuth(camelDefinition, { ...valid, password: provider, clientSecret: provider }),
    ).not.toThrow();
    expect(calls).toBe(0);
  });

  it.each(['baseUrl', 'clientId', 'username'] as const)('takes no provider for %s', (name) => {
    expect(configMessage({ ...valid, [name]: () => 'value' })).toBe(
      `payouts: option "${name}" is required and must be a non-empty string.`,
    );
  });

  it('refuses plain http to a non-loopback host', () => {
    expect(configMessage({ ...valid, baseUrl: 'http://ekpayout-uat.enkash.in' })).toBe(
      'payouts: option "baseUrl" must use https (plain http only to localhost, 127.0.0.1 or [::1]); got http://ekpayout-uat.enkash.in.',
    );
    expect(configMessage({ ...valid, baseUrl: 'ftp://example.com' })).toContain('must use https');
  });

  it('allows plain http to loopback hosts', () => {
    for (const baseUrl of [
      'http://localhost:4010',
      'http://127.0.0.1:4010/payouts',
      'http://[::1]:4010/',
    ]) {
      expect(() => createAuth(camelDefinition, { ...valid, baseUrl })).not.toThrow();
    }
  });

  it('refuses an unparsable baseUrl, credentials, a query or a fragment in it', () => {
    expect(configMessage({ ...valid, baseUrl: 'ekpayout-uat.enkash.in' })).toBe(
      'payouts: option "baseUrl" is not an absolute URL.',
    );
    const withCredentials = configMessage({
      ...valid,
      baseUrl: 'https://user:topsecret-pw@enkash.in',
    });
    expect(withCredentials).toBe('payouts: option "baseUrl" must not contain credentials.');
    expect(withCredentials).not.toContain('topsecret-pw');
    expect(configMessage({ ...valid, baseUrl: 'https://enkash.in/?a=1' })).toContain(
      'query or fragment',
    );
    expect(configMessage({ ...valid, baseUrl: 'https://enkash.in/#x' })).toContain(
      'query or fragment',
    );
    for (const baseUrl of ['https://enkash.in/payouts?', 'https://enkash.in/payouts#']) {
      expect(configMessage({ ...valid, baseUrl })).toBe(
        'payouts: option "baseUrl" must not contain a query or fragment.',
      );
    }
  });

  it('checks trustedOrigins: an array of https (or loopback http) origins without a path', () => {
    expect(configMessage({ ...valid, trustedOrigins: 'https://pay-uat.enkash.in' })).toBe(
      'payouts: option "trustedOrigins" must be an array of origin strings.',
    );
    expect(configMessage({ ...valid, trustedOrigins: ['http://pay-uat.enkash.in'] })).toContain(
      'option "trustedOrigins" must use https',
    );
    expect(configMessage({ ...valid, trustedOrigins: ['https://pay-uat.enkash.in?'] })).toContain(
      'query or fragment',
    );
    // The message names the offending path, and the origin to list instead.
    expect(configMessage({ ...valid, trustedOrigins: ['https://pay-uat.enkash.in/cards'] })).toBe(
      'payouts: option "trustedOrigins" takes origins only; "https://pay-uat.enkash.in/cards" has the path "/cards": list "https://pay-uat.enkash.in" and keep the path in the URLs you call.',
    );
    expect(configMessage({ ...valid, trustedOrigins: ['http://127.0.0.1:4010/cards/'] })).toContain(
      '"http://127.0.0.1:4010/cards/" has the path "/cards/": list "http://127.0.0.1:4010"',
    );
    const resolved = resolveOptions(camelDefinition, {
      ...valid,
      trustedOrigins: ['https://pay-uat.enkash.in/', 'http://127.0.0.1:4010'],
    });
    expect([...resolved.bearerOrigins]).toEqual([
      'https://ekpayout-uat.enkash.in',
      'https://pay-uat.enkash.in',
      'http://127.0.0.1:4010',
    ]);
  });

  it.each([
    ['timeoutMs', 0],
    ['timeoutMs', -1],
    ['timeoutMs', 1.5],
    ['timeoutMs', Number.NaN],
    ['timeoutMs', Number.POSITIVE_INFINITY],
    ['timeoutMs', 3_000_000_000],
    ['timeoutMs', '100'],
    ['retries', -1],
    ['retries', 11],
    ['retries', 0.5],
    ['refreshWindowMs', -1],
    ['retryDelayMs', -5],
    ['maxRetryDelayMs', Number.NaN],
  ])('refuses %s = %s', (name, value) => {
    expect(configMessage({ ...valid, [name]: value })).toMatch(
      new RegExp(`^payouts: option "${name}" must be an integer from \\d+ to \\d+; got `),
    );
  });

  it.each([0, 3, 101, 1.5, '2'])(
    'refuses maxConsecutiveFailures = %s, naming EnKash lock at 3',
    (value) => {
      expect(configMessage({ ...valid, maxConsecutiveFailures: value })).toBe(
        `payouts: option "maxConsecutiveFailures" must be 1 or 2: EnKash locks the account at its 3rd consecutive failed login, and the guard must stop before it; got ${typeof value === 'number' ? value : 'string'}.`,
      );
    },
  );

  it.each([
    ['"stop"', 'stop'],
    ['true', true],
  ])('refuses storeOutage = %s', (_label, value) => {
    expect(configMessage({ ...valid, storeOutage: value })).toBe(
      `payouts: option "storeOutage" must be "proceed" or "refuse"; got ${typeof value}.`,
    );
  });

  it('reports the type of a non-number, and the number itself', () => {
    expect(configMessage({ ...valid, retries: '3' })).toBe(
      'payouts: option "retries" must be an integer from 0 to 10; got string.',
    );
    expect(configMessage({ ...valid, retries: -1 })).toBe(
      'payouts: option "retries" must be an integer from 0 to 10; got -1.',
    );
    expect(configMessage({ ...valid, retries: null })).toBe(
      'payouts: option "retries" must be an integer from 0 to 10; got null.',
    );
  });

  it('checks basicAuth, headers, fetch, clock and store', () => {
    expect(configMessage({ ...valid, basicAuth: { id: 'x' } })).toBe(
      'payouts: option "basicAuth" must be { id: string, secret: string }.',
    );
    expect(configMessage({ ...valid, basicAuth: null })).toContain('basicAuth');
    const functionPair = Object.assign(() => undefined, { id: 'x', secret: 'y' });
    expect(configMessage({ ...valid, basicAuth: functionPair })).toContain('basicAuth');
    expect(configMessage({ ...valid, headers: ['x'] })).toBe(
      'payouts: option "headers" must be an object of header names to strings.',
    );
    expect(configMessage({ ...valid, headers: null })).toBe(
      'payouts: option "headers" must be an object of header names to strings.',
    );
    expect(configMessage({ ...valid, headers: { 'X-Ok': 1 } })).toBe(
      'payouts: option "headers" has an invalid header "X-Ok".',
    );
    expect(configMessage({ ...valid, headers: { 'bad name': 'x' } })).toContain('invalid header');
    expect(configMessage({ ...valid, fetch: 'fetch' })).toBe(
      'payouts: option "fetch" must be a function.',
    );
    expect(configMessage({ ...valid, clock: {} })).toBe(
      'payouts: option "clock" must have a now() method.',
    );
    expect(configMessage({ ...valid, store: 'redis' })).toBe(
      'payouts: option "store" must be a TokenStore; got string.',
    );
    const { compareAndSet: _compareAndSet, ...incomplete } = createMemoryStore();
    expect(configMessage({ ...valid, store: incomplete })).toBe(
      'payouts: option "store" has no compareAndSet() method.',
    );
  });

  it('checks product option headers when given', () => {
    expect(configMessage({ ...valid, cookie: '' }, eitherShapeDefinition)).toBe(
      'cards: option "cookie" must be a non-empty string when given.',
    );
    expect(configMessage({ ...valid, apiKey: 7 }, resultCodeDefinition)).toBe(
      'expense: option "apiKey" must be a non-empty string when given.',
    );
  });

  it('checks the product definition', () => {
    const nameless = configErrorOf(() =>
      createAuth({ ...camelDefinition, product: '' }, { ...valid }),
    );
    expect(nameless.message).toBe('createAuth: the product definition has no product name.');
    expect(nameless.product).toBe('unknown');
    const noShapes = { ...camelDefinition, responses: [] } as unknown as ProductDefinition;
    expect(configMessage({ ...valid }, noShapes)).toBe(
      'payouts: the product definition lists no response shapes.',
    );
    expect(configMessage({ ...valid }, { ...camelDefinition, maxLifetimeMs: 0 })).toBe(
      'payouts: the product definition has a non-positive maxLifetimeMs.',
    );
  });

  it('refuses options that are not an object', () => {
    expect(configMessage(null as unknown as Record<string, unknown>)).toBe(
      'payouts: options must be an object.',
    );
  });
});

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveOptions(camelDefinition, { ...valid });
    expect(resolved).toMatchObject({
      timeoutMs: 10_000,
      retries: 2,
      refreshWindowMs: 60_000,
      maxConsecutiveFailures: 2,
      retryDelayMs: 250,
      maxRetryDelayMs: 30_000,
    });
    expect(resolved.store).toBeUndefined();
  });

  it('derives the lock TTL from the request options, capped at 30 s, unless lockTtlMs is given', () => {
    expect(resolveOptions(camelDefinition, { ...valid }).lockTtlMs).toBe(30_000);
    expect(
      resolveOptions(camelDefinition, {
        ...valid,
        timeoutMs: 5_000,
        retries: 1,
        maxRetryDelayMs: 4_000,
      }).lockTtlMs,
    ).toBe(5_000 * 2 + 4_000 + 1_000);
    for (const lockTtlMs of [100, 45_000, 2_147_483_647]) {
      expect(resolveOptions(camelDefinition, { ...valid, lockTtlMs }).lockTtlMs).toBe(lockTtlMs);
    }
  });

  it('treats baseUrl as a prefix with or without a trailing slash', () => {
    for (const baseUrl of ['https://enkash.in/payouts', 'https://enkash.in/payouts/']) {
      const resolved = resolveOptions(camelDefinition, { ...valid, baseUrl });
      expect(resolved.baseUrl).toBe('https://enkash.in/payouts');
      expect(resolved.tokenUrl).toBe('https://enkash.in/payouts/oauth/token');
    }
  });
});
